package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * {@code protocol = lmtp} against a real Dovecot LMTP server (scripts/test-packages:
 * dovecot-core, dovecot-lmtpd) listening on a loopback TCP port, started with a throwaway
 * configuration as transport-lmtp's tests do (passwd-file users, maildirs in a temporary
 * directory; the mail user is "nobody" when the tests run as root, as Dovecot refuses uid
 * 0). Skipped where Dovecot is not installed.
 */
class DovecotLmtpOverTcpTest {
    private static Path dir;
    private static Process dovecot;
    private static int port;

    @BeforeAll
    static void startDovecot() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/dovecot")), "Dovecot is not installed");
        dir = Files.createTempDirectory("osprey-smtp-lmtp-dovecot");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mail = Files.createDirectory(dir.resolve("mail"));
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        int gid = (Integer) Files.getAttribute(dir, "unix:gid");
        if (uid == 0) {
            var lookup = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(mail, lookup.lookupPrincipalByName("nobody"));
            Files.getFileAttributeView(mail, PosixFileAttributeView.class)
                    .setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
            uid = (Integer) Files.getAttribute(mail, "unix:uid");
            gid = (Integer) Files.getAttribute(mail, "unix:gid");
        }
        Files.writeString(dir.resolve("passwd"), "tester@example.com:{PLAIN}secret:" + uid + ":" + gid + "::" + mail
                + "/tester::\n");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path run = Files.createDirectory(dir.resolve("run"));
        Path conf = dir.resolve("dovecot.conf");
        Files.writeString(conf, String.join("\n",
                "protocols = lmtp",
                "base_dir = " + run,
                "state_dir = " + run,
                "log_path = " + dir.resolve("dovecot.log"),
                "ssl = no",
                "listen = 127.0.0.1",
                "first_valid_uid = 1",
                "mail_location = maildir:" + mail + "/%n",
                "passdb {", "  driver = passwd-file", "  args = " + dir.resolve("passwd"), "}",
                "userdb {", "  driver = passwd-file", "  args = " + dir.resolve("passwd"), "}",
                "service lmtp {", "  inet_listener lmtp {", "    address = 127.0.0.1", "    port = " + port, "  }",
                "}",
                ""));
        dovecot = new ProcessBuilder("dovecot", "-F", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("dovecot.out").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("dovecot did not start: " + read(dir.resolve("dovecot.out"))
                + read(dir.resolve("dovecot.log")));
    }

    @AfterAll
    static void stopDovecot() throws Exception {
        if (dovecot != null) {
            dovecot.destroy();
            dovecot.waitFor();
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Path> newMail() throws IOException {
        Path newDir = dir.resolve("mail/tester/new");
        if (!Files.isDirectory(newDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(newDir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aMessageArrivesInTheMaildirAndAnUnknownUserIsRefusedAtRcpt() throws Exception {
        int before = newMail().size();
        Address tester = Address.of("tester", "example.com");
        Address unknown = Address.of("nosuchuser", "example.com");
        TestMessage message = TestMessage.of("first line\n.a dot line\n");
        TransportResult r = SmtpTransportTest.transport("protocol", "lmtp", "hosts", "127.0.0.1", "port",
                Integer.toString(port), "allow_localhost", "true", "lmtp_ignore_quota", "true").deliver(
                new TestDelivery(message, List.of(unknown, tester), List.of(),
                        new TestExpander(Map.of("primary_hostname", "client.example"))));
        Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, r.outcome(unknown).orElseThrow());
        assertTrue(failed.message().startsWith(
                "SMTP error from remote mail server after RCPT TO:<nosuchuser@example.com>: 550 5.1.1 "),
                failed.message());
        Outcome.Delivered delivered = assertInstanceOf(Outcome.Delivered.class, r.outcome(tester).orElseThrow(),
                () -> r.outcomes() + read(dir.resolve("dovecot.log")));
        assertTrue(delivered.confirmation().startsWith("250 2.0.0 <tester@example.com> "), delivered.confirmation());
        List<Path> mail = newMail();
        assertEquals(before + 1, mail.size());
        String text = Files.readString(mail.get(mail.size() - 1));
        assertTrue(text.contains("Subject: test\n"), text);
        assertTrue(text.endsWith("\nfirst line\n.a dot line\n"), text);
    }
}
