package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connection reuse end to end: {@code bin/mta -odi} leaves messages waiting for a host that
 * refuses connections (the wait-&lt;transport&gt; hints list them), then Postfix's
 * smtp-sink listens there and a queue run ({@code -qf}) delivers them all over as few
 * connections as {@code connection_max_messages} allows, the later ones logged with
 * {@code *} after the IP as Exim 4.96 logs them (checked against it: one connection, no
 * RSET between the messages, {@code H=127.0.0.1 [127.0.0.1]*}).
 */
class ConnectionReuseIT {
    private static final Path HOME = path("osprey.assembly.dir");
    private static final Path SINK = Path.of("/usr/sbin/smtp-sink");
    private static final Pattern COUNTERS = Pattern.compile("sess=(\\d+) quit=(\\d+) mesg=(\\d+)");

    @Test
    void aQueueRunTakesEveryWaitingMessageOverOneConnection(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SINK), "smtp-sink is not installed (Debian package postfix)");
        Run run = queueRun(dir, 500, 3);
        assertEquals(List.of(1, 3), run.connectionsAndMessages(), run.toString());
        assertEquals(2, run.continued(), run.toString());
    }

    @Test
    void connectionMaxMessagesOpensAnotherConnection(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SINK), "smtp-sink is not installed (Debian package postfix)");
        Run run = queueRun(dir, 2, 3);
        assertEquals(List.of(2, 3), run.connectionsAndMessages(), run.toString());
        assertEquals(1, run.continued(), run.toString());
    }

    /** What the sink counted and the main log said. */
    private record Run(String counters, String mainlog) {
        /** The connections (each ended by a QUIT: the probe that saw the sink start sent none) and the messages. */
        List<Integer> connectionsAndMessages() {
            Matcher m = COUNTERS.matcher(counters);
            int quits = -1;
            int messages = -1;
            while (m.find()) {
                quits = Integer.parseInt(m.group(2));
                messages = Integer.parseInt(m.group(3));
            }
            return List.of(quits, messages);
        }

        long continued() {
            return mainlog.lines().filter(l -> l.contains(" => ") && l.contains(" H=127.0.0.1 [127.0.0.1]* ")).count();
        }
    }

    private static Run queueRun(Path dir, int connectionMaxMessages, int messages) throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Path configure = dir.resolve("configure");
        Files.writeString(configure, "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir.resolve("log/%slog") + "\n"
                + "primary_hostname = me.test\n"
                + "begin routers\n"
                + "r:\n  driver = manualroute\n  route_list = * 127.0.0.1\n  self = send\n  transport = t\n"
                + "begin transports\n"
                + "t:\n  driver = smtp\n  port = " + port + "\n  allow_localhost\n"
                + "  connection_max_messages = " + connectionMaxMessages + "\n"
                + "begin retry\n* * F,1h,15m\n");
        Path message = dir.resolve("message");
        Files.writeString(message, "Subject: waiting\n\nfor the host\n");
        // Nothing listens on the port yet: each message is deferred and waits for the host.
        for (int i = 0; i < messages; i++) {
            Command submit = Command.run(HOME, List.of("bin/mta", "-C", configure.toString(), "-odi", "-f",
                    "sender@me.test", "user" + i + "@remote.example"), message);
            assertEquals(0, submit.exitCode(), submit.toString());
        }
        String mainlog = Files.readString(dir.resolve("log/mainlog"));
        assertEquals(messages, mainlog.lines().filter(l -> l.contains(" == ")).count(), mainlog);

        Path counters = dir.resolve("sink.out");
        List<String> command = new ArrayList<>(List.of(SINK.toString(), "-c"));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("127.0.0.1:" + port, "10"));
        Process sink = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(counters.toFile()).start();
        try {
            awaitListening(port);
            Command run = Command.run(HOME, List.of("bin/mta", "-C", configure.toString(), "-qf"));
            assertEquals(0, run.exitCode(), run.toString());
            String log = Files.readString(dir.resolve("log/mainlog"));
            assertEquals(messages, log.lines().filter(l -> l.contains(" => ")).count(), log);
            // The counters are written as each message and each session ends; the QUIT follows the last message.
            for (int i = 0; i < 100 && !Files.readString(counters).contains("mesg=" + messages); i++) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            return new Run(Files.readString(counters, StandardCharsets.ISO_8859_1), log);
        } finally {
            sink.destroy();
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("smtp-sink did not start");
    }

    private static Path path(String property) {
        try {
            return Path.of(System.getProperty(property)).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(property + " does not name a directory", e);
        }
    }
}
