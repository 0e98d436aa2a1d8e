package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon of the distribution with the shipped configuration's ACLs and its TLS and
 * authenticator examples uncommented, talked to by real clients: swaks (STARTTLS, AUTH PLAIN,
 * pipelining), Python's smtplib and curl. 127.0.0.1 is in relay_from_hosts; 127.0.0.2 is a
 * stranger, the address an open-relay probe comes from.
 *
 * <p>The routers and transports of the shipped file are replaced by two accept routers into
 * maildirs, so that what the daemon accepts can be read back without a DNS: local domains to
 * {@code mail/}, everything else (relayed mail) to {@code relayed/}. ShippedConfigurationIT
 * runs the shipped routers themselves, under a test DNS.
 */
class SmtpServerIT {
    private static final Path HOME = home();
    private static final String LOCAL = "mail.example";
    @TempDir
    static Path dir;
    private static SmtpDaemon daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        Certificates.write(dir);
        Path conf = dir.resolve("configure");
        Files.writeString(conf, configuration(Files.readString(HOME.resolve("etc/configure"))));
        daemon = SmtpDaemon.start(HOME, conf, Map.of());
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
    }

    /**
     * The shipped file with TLS on, the PLAIN and LOGIN examples uncommented with a real
     * password check, test paths, and maildir routing.
     */
    static String configuration(String shipped) {
        String routers = """
                begin routers
                local:
                  driver = accept
                  domains = +local_domains
                  transport = local_maildir
                relay:
                  driver = accept
                  transport = relayed_maildir
                begin transports
                local_maildir:
                  driver = appendfile
                  directory = DIR/mail/$local_part
                  maildir_format
                relayed_maildir:
                  driver = appendfile
                  directory = DIR/relayed/$domain/$local_part
                  maildir_format
                """.replace("DIR", dir.toString());
        int start = shipped.indexOf("\nbegin routers");
        int end = shipped.indexOf("\nbegin retry");
        String text = "primary_hostname = " + LOCAL + "\n"
                + "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir + "/%slog\n"
                + shipped.substring(0, start) + "\n" + routers + shipped.substring(end);
        String check = "${if and{{eq{$auth2}{alice}}{eq{$auth3}{secret}}}}";
        String loginCheck = "${if and{{eq{$auth1}{alice}}{eq{$auth2}{secret}}}}";
        text = text.replace("# tls_advertise_hosts = *", "tls_advertise_hosts = *")
                .replace("# tls_certificate = /etc/ssl/osprey.crt", "tls_certificate = " + dir.resolve("cert.pem"))
                .replace("# tls_privatekey = /etc/ssl/osprey.pem", "tls_privatekey = " + dir.resolve("key.pem"))
                .replace("never_users = root", "");
        StringBuilder out = new StringBuilder();
        boolean inAuthenticators = false;
        boolean login = false;
        for (String line : text.split("\n", -1)) {
            if (line.equals("begin authenticators")) {
                inAuthenticators = true;
            } else if (inAuthenticators && line.startsWith("# LOGIN:")) {
                login = true;
            }
            if (inAuthenticators && (line.matches("# [A-Z]+:") || line.startsWith("#   "))) {
                line = line.substring(2);
                if (line.contains("server_condition")) {
                    line = "  server_condition = " + (login ? loginCheck : check);
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    @Test
    void swaksAuthenticatesOverStartTlsAndRelaysWithPipelining() throws Exception {
        Command swaks = swaks("127.0.0.2", "friend@elsewhere.example", "--tls", "--auth", "PLAIN",
                "--auth-user", "alice", "--auth-password", "secret", "--pipeline");
        assertEquals(0, swaks.exitCode(), swaks::toString);
        assertTrue(swaks.stdout().contains("250-PIPELINING"), swaks::toString);
        assertTrue(swaks.stdout().contains("220 TLS go ahead"), swaks::toString);
        assertTrue(swaks.stdout().contains("235 Authentication succeeded"), swaks::toString);
        String id = messageId(swaks.stdout());
        List<Path> relayed = awaitMessages(dir.resolve("relayed/elsewhere.example/friend/new"), 1);
        assertTrue(Files.readString(relayed.get(0)).contains("Subject: test "), relayed::toString);
        String received = mainlogLine(id + " <= ");
        assertTrue(received.contains(" P=esmtpsa "), received);
        assertTrue(received.contains(" X=TLS"), received);
        assertTrue(received.contains(" A=PLAIN:alice"), received);
    }

    @Test
    void aWrongPasswordIsRefused() throws Exception {
        Command swaks = swaks("127.0.0.2", "friend@elsewhere.example", "--tls", "--auth", "LOGIN",
                "--auth-user", "alice", "--auth-password", "guess");
        assertNotEquals(0, swaks.exitCode(), swaks::toString);
        assertTrue(swaks.stdout().contains("535 Incorrect authentication data"), swaks::toString);
    }

    @Test
    void authenticationIsNotOfferedWithoutTls() throws Exception {
        Command swaks = swaks("127.0.0.2", "postmaster@" + LOCAL, "--quit-after", "EHLO");
        assertEquals(0, swaks.exitCode(), swaks::toString);
        assertTrue(swaks.stdout().contains("250-STARTTLS"), swaks::toString);
        assertTrue(swaks.stdout().lines().noneMatch(l -> l.contains("250-AUTH") || l.contains("250 AUTH")),
                swaks::toString);
    }

    @Test
    void anOpenRelayProbeFromAStrangerIsRefused() throws Exception {
        Command swaks = swaks("127.0.0.2", "victim@elsewhere.example");
        assertNotEquals(0, swaks.exitCode(), swaks::toString);
        assertTrue(swaks.stdout().contains("<** 550 relay not permitted"), swaks::toString);
        assertTrue(rejectlog().contains("rejected RCPT <victim@elsewhere.example>: relay not permitted"),
                rejectlog());
        assertTrue(Files.notExists(dir.resolve("relayed/elsewhere.example/victim")));
    }

    @Test
    void postmasterIsAlwaysAcceptedFromAStranger() throws Exception {
        Command swaks = swaks("127.0.0.2", "postmaster@" + LOCAL);
        assertEquals(0, swaks.exitCode(), swaks::toString);
        awaitMessages(dir.resolve("mail/postmaster/new"), 1);
    }

    @Test
    void restrictedCharactersAreRefused() throws Exception {
        Command swaks = swaks("127.0.0.1", "bob|cat@" + LOCAL);
        assertNotEquals(0, swaks.exitCode(), swaks::toString);
        assertTrue(swaks.stdout().contains("<** 550 Restricted characters in address"), swaks::toString);
    }

    @Test
    void pythonSmtplibRelaysFromARelayHost() throws Exception {
        Path script = dir.resolve("send.py");
        Files.writeString(script, """
                import smtplib, sys
                with smtplib.SMTP("127.0.0.1", int(sys.argv[1]), local_hostname="client.example") as s:
                    s.ehlo()
                    refused = s.sendmail("alice@mail.example", ["carol@elsewhere.example"],
                        "From: alice@mail.example\\r\\nSubject: from python\\r\\n\\r\\n.leading dot\\r\\n")
                    print("refused", refused)
                """);
        Command python = Command.run(dir, List.of("python3", script.toString(), Integer.toString(daemon.port())));
        assertEquals(0, python.exitCode(), python::toString);
        List<Path> relayed = awaitMessages(dir.resolve("relayed/elsewhere.example/carol/new"), 1);
        String message = Files.readString(relayed.get(0));
        assertTrue(message.contains("Subject: from python\n"), message);
        assertTrue(message.contains("\n.leading dot\n"), message);
        // Submission mode (control = submission for relay_from_hosts) adds what was missing.
        assertTrue(message.contains("\nMessage-Id: <") || message.contains("\nMessage-ID: <"), message);
        assertTrue(message.contains("\nDate: "), message);
    }

    @Test
    void curlSendsToALocalMailbox() throws Exception {
        Path mail = dir.resolve("curl-message");
        Files.writeString(mail, "From: alice@mail.example\r\nSubject: from curl\r\n\r\nHello.\r\n");
        Command curl = Command.run(dir, List.of("curl", "-sS", "--url", "smtp://127.0.0.1:" + daemon.port(),
                "--mail-from", "alice@" + LOCAL, "--mail-rcpt", "dave@" + LOCAL, "--upload-file", mail.toString()));
        assertEquals(0, curl.exitCode(), curl::toString);
        List<Path> delivered = awaitMessages(dir.resolve("mail/dave/new"), 1);
        assertTrue(Files.readString(delivered.get(0)).contains("Subject: from curl\n"));
    }

    /**
     * As inetd runs it: {@code bin/mta -bs} with standard input and output on an accepted TCP
     * socket. The client at the socket's other end is the sending host, not a local caller.
     */
    @Test
    void inetdHandsTheConnectionToBs() throws Exception {
        Path script = dir.resolve("inetd.py");
        Files.writeString(script, """
                import socket, subprocess, sys
                listener = socket.socket(); listener.bind(("127.0.0.1", 0)); listener.listen(1)
                client = socket.socket(); client.bind(("127.0.0.2", 0)); client.connect(listener.getsockname())
                conn, _ = listener.accept()
                mta = subprocess.Popen([sys.argv[1], "-C", sys.argv[2], "-bs"], stdin=conn, stdout=conn)
                conn.close()
                f = client.makefile("rb")
                def reply():
                    lines = []
                    while True:
                        line = f.readline().decode()
                        lines.append(line.strip())
                        if line[3:4] != "-":
                            return lines
                print(reply())
                for cmd in ["EHLO client.example", "MAIL FROM:<alice@mail.example>", "RCPT TO:<postmaster@mail.example>",
                            "DATA"]:
                    client.sendall((cmd + "\\r\\n").encode()); print(reply())
                client.sendall(b"Subject: via inetd\\r\\n\\r\\nHello.\\r\\n.\\r\\n"); print(reply())
                client.sendall(b"QUIT\\r\\n"); print(reply())
                sys.exit(mta.wait())
                """);
        Command python = Command.run(dir, List.of("python3", script.toString(), HOME.resolve("bin/mta").toString(),
                dir.resolve("configure").toString()));
        assertEquals(0, python.exitCode(), python::toString);
        String id = messageId(python.stdout().replace("']", "\n"));
        String received = mainlogLine(id + " <= ");
        assertTrue(received.contains("[127.0.0.2]"), received);
        assertTrue(received.contains(" P=esmtp "), received);
    }

    private static Command swaks(String from, String to, String... more) throws Exception {
        List<String> command = new ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(daemon.port()), "--local-interface", from, "--helo", "client.example",
                "--from", "alice@" + LOCAL, "--to", to, "--timeout", "20"));
        command.addAll(List.of(more));
        return Command.run(dir, command);
    }

    private static String messageId(String swaksOutput) {
        int at = swaksOutput.indexOf("250 OK id=");
        assertTrue(at >= 0, swaksOutput);
        return swaksOutput.substring(at + 10).lines().findFirst().orElseThrow().strip();
    }

    private static List<Path> awaitMessages(Path maildirNew, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (Files.isDirectory(maildirNew)) {
                try (Stream<Path> files = Files.list(maildirNew)) {
                    List<Path> found = files.toList();
                    if (found.size() >= count) {
                        return found;
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no delivery into " + maildirNew + "\n" + mainlog());
            }
            Thread.sleep(100);
        }
    }

    private static String mainlogLine(String fragment) throws IOException {
        return mainlog().lines().filter(l -> l.contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no \"" + fragment + "\" in\n" + mainlog()));
    }

    private static String mainlog() {
        return readOrEmpty(dir.resolve("mainlog"));
    }

    private static String rejectlog() {
        return readOrEmpty(dir.resolve("rejectlog"));
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Path home() {
        try {
            return Path.of(System.getProperty("osprey.assembly.dir")).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("no unpacked distribution; build karaf-assembly first", e);
        }
    }
}
