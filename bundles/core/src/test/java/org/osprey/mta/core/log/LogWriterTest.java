package org.osprey.mta.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogWriterTest {
    private static final Instant NOW = Instant.parse("2026-11-22T00:47:15.123Z");

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private LogWriter writer(LogConfig config, Clock clock) {
        return new LogWriter(config, clock, 4321, new PrintStream(err, true, StandardCharsets.UTF_8), null);
    }

    private LogConfig files(String selector) {
        return LogConfig.files(dir + "/%slog", LogSelector.parse(selector)).withZone(ZoneOffset.UTC, false, false);
    }

    private List<String> main() throws IOException {
        return Files.readAllLines(dir.resolve("mainlog"));
    }

    @Test
    void timestampPidAndId() throws IOException {
        try (LogWriter w = writer(files("+pid +millisec"), Clock.fixed(NOW, ZoneOffset.UTC))) {
            w.log(new LogEvent.Completed("1xUvjf-000624-1Y", null));
            w.log(new LogEvent.QueueRun(true, 77, "-qf"));
        }
        assertEquals(List.of("2026-11-22 00:47:15.123 [4321] 1xUvjf-000624-1Y Completed",
                "2026-11-22 00:47:15.123 [4321] Start queue run: pid=77 -qf"), main());
    }

    @Test
    void localTimeWithAndWithoutTheZone() {
        LogConfig paris = files("").withZone(ZoneId.of("Europe/Paris"), false, true);
        try (LogWriter w = writer(paris, Clock.fixed(NOW, ZoneOffset.UTC))) {
            assertEquals("2026-11-22 01:47:15 +0100", w.timestamp(NOW.atZone(paris.zone())));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        LogConfig india = files("+millisec").withZone(ZoneId.of("Asia/Kolkata"), false, true);
        LogConfig newfoundland = files("").withZone(ZoneId.of("America/St_Johns"), false, true);
        LogConfig utc = files("").withZone(ZoneId.of("UTC"), true, true);
        LogConfig bare = files("").withZone(ZoneId.of("Asia/Kolkata"), false, false);
        assertEquals("2026-11-22 06:17:15.123 +0530", writer(india, null).timestamp(NOW.atZone(india.zone())));
        assertEquals("2026-11-21 21:17:15 -0330",
                writer(newfoundland, null).timestamp(NOW.atZone(newfoundland.zone())));
        assertEquals("2026-11-22 00:47:15 +0000", writer(utc, null).timestamp(NOW.atZone(utc.zone())));
        assertEquals("2026-11-22 06:17:15", writer(bare, null).timestamp(NOW.atZone(bare.zone())));
    }

    @Test
    void selectorsTurnLinesOff() throws IOException {
        try (LogWriter w = writer(files("-queue_run -retry_defer"), Clock.fixed(NOW, ZoneOffset.UTC))) {
            w.log(new LogEvent.QueueRun(true, 1, "-q"));
            w.log(new LogEvent.Deferred("1xUvjf-000624-1Y", LogAddress.of("a@b.example"), "r", "t", null, -54,
                    null, null, "retry time not reached", null, true));
            w.log(LogEvent.Connection.started(Peer.of("192.0.2.1", 1), null));
            w.log(new LogEvent.Completed("1xUvjf-000624-1Y", null));
        }
        assertEquals(List.of("2026-11-22 00:47:15 1xUvjf-000624-1Y Completed"), main());
    }

    @Test
    void panicsGoToThePaniclogTheMainlogAndStderr() throws IOException {
        try (LogWriter w = writer(files(""), Clock.fixed(NOW, ZoneOffset.UTC))) {
            w.log(new LogEvent.Panic(null, "failed to expand something"));
        }
        String line = "2026-11-22 00:47:15 failed to expand something";
        assertEquals(List.of(line), main());
        assertEquals(List.of(line), Files.readAllLines(dir.resolve("paniclog")));
        assertEquals(line + "\n", err.toString(StandardCharsets.UTF_8));
        assertFalse(Files.exists(dir.resolve("rejectlog")));
    }

    @Test
    void writeRejectlogFalseKeepsRejectionsInTheMainlogOnly() throws IOException {
        try (LogWriter w = writer(files("").withWriteRejectlog(false), Clock.fixed(NOW, ZoneOffset.UTC))) {
            w.log(new LogEvent.Rejected(null, Peer.of("192.0.2.1", 0), null, null, "rejected EHLO", null, null));
        }
        assertEquals(List.of("2026-11-22 00:47:15 H=[192.0.2.1] rejected EHLO"), main());
        assertFalse(Files.exists(dir.resolve("rejectlog")));
    }

    @Test
    void syslogPidFalseTakesThePidOutOfTheSyslogTextOnly() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            LogConfig config = LogConfig.files("syslog : " + dir + "/%slog", LogSelector.parse("+pid"))
                    .withZone(ZoneOffset.UTC, false, false).withSyslog(2, "exim", true, false, true);
            SyslogSender sender = SyslogSender.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.getLocalPort()));
            try (LogWriter w = new LogWriter(config, Clock.fixed(NOW, ZoneOffset.UTC), 99,
                    new PrintStream(err, true, StandardCharsets.UTF_8), sender)) {
                w.log(new LogEvent.Completed("1xUvjf-000624-1Y", null));
            }
            assertEquals("<22>Nov 22 00:47:15 exim: 2026-11-22 00:47:15 1xUvjf-000624-1Y Completed", receive(server));
            assertEquals(List.of("2026-11-22 00:47:15 [99] 1xUvjf-000624-1Y Completed"), main());
        }
    }

    @Test
    void aNewDateOpensANewFileAndThePaniclogKeepsItsName() throws IOException {
        MutableClock clock = new MutableClock(NOW);
        LogConfig config = LogConfig.files(dir + "/log/%s-%D", LogSelector.defaults()).withZone(ZoneOffset.UTC,
                false, false);
        try (LogWriter w = writer(config, clock)) {
            w.log(new LogEvent.Completed("1xUvjf-000624-1Y", null));
            clock.now = NOW.plus(Duration.ofDays(1));
            w.log(new LogEvent.Completed("1xUvjf-000624-1Z", null));
            w.log(new LogEvent.Panic(null, "oops"));
        }
        assertEquals(List.of("2026-11-22 00:47:15 1xUvjf-000624-1Y Completed"),
                Files.readAllLines(dir.resolve("log/main-20261122")));
        assertEquals(List.of("2026-11-23 00:47:15 1xUvjf-000624-1Z Completed", "2026-11-23 00:47:15 oops"),
                Files.readAllLines(dir.resolve("log/main-20261123")));
        assertEquals(List.of("2026-11-23 00:47:15 oops"), Files.readAllLines(dir.resolve("log/panic")));
    }

    @Test
    void aCycledLogIsReopened() throws IOException {
        try (LogWriter w = writer(files(""), Clock.fixed(NOW, ZoneOffset.UTC))) {
            w.log(new LogEvent.Completed("1xUvjf-000624-1Y", null));
            Files.move(dir.resolve("mainlog"), dir.resolve("mainlog.1"));
            w.log(new LogEvent.Completed("1xUvjf-000624-1Z", null));
        }
        assertEquals(List.of("2026-11-22 00:47:15 1xUvjf-000624-1Y Completed"),
                Files.readAllLines(dir.resolve("mainlog.1")));
        assertEquals(List.of("2026-11-22 00:47:15 1xUvjf-000624-1Z Completed"), main());
    }

    @Test
    void concurrentWritersNeverInterleaveWithinALine() throws Exception {
        int threads = 8;
        int perThread = 2000;
        String filler = "x".repeat(3000);
        // Two writers on one file stand for two processes: separate O_APPEND descriptors.
        try (LogWriter a = writer(files(""), Clock.systemUTC()); LogWriter b = writer(files(""), Clock.systemUTC())) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t;
                LogWriter w = t % 2 == 0 ? a : b;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        w.write(Set.of(LogFile.MAIN), null, "T" + me + " n" + i + " " + filler + " end");
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        }
        List<String> lines = main();
        assertEquals(threads * perThread, lines.size());
        Set<String> seen = new HashSet<>();
        for (String line : lines) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d T\\d n\\d+ x{3000} end"),
                    () -> "torn line: " + line.substring(0, Math.min(80, line.length())));
            assertTrue(seen.add(line.substring(20)));
        }
    }

    @Test
    void separateProcessesNeverInterleaveWithinALine() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        int processes = 3;
        int perProcess = 1500;
        List<Process> running = new ArrayList<>();
        for (int p = 0; p < processes; p++) {
            running.add(new ProcessBuilder(java, "-cp", classPath, ConcurrentLogChild.class.getName(), dir.toString(),
                    "P" + p, String.valueOf(perProcess)).redirectErrorStream(true).start());
        }
        for (Process p : running) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(2, TimeUnit.MINUTES), "child timed out");
            assertEquals(0, p.exitValue(), out);
        }
        List<String> lines = main();
        assertEquals(processes * perProcess, lines.size());
        for (String line : lines) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d P\\d n\\d+ y{5000} end"),
                    () -> "torn line: " + line.substring(0, Math.min(80, line.length())));
        }
    }

    @Test
    void syslogGetsEximsTextWithFacilityAndPriority() throws Exception {
        try (DatagramSocket server = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(5000);
            LogConfig config = LogConfig.files("syslog", LogSelector.defaults()).withZone(ZoneOffset.UTC, false, false)
                    .withSyslog(SyslogSender.facility("local3"), "osprey", false, true, false);
            SyslogSender sender = SyslogSender.udp(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                    server.getLocalPort()));
            try (LogWriter w = new LogWriter(config, Clock.fixed(NOW, ZoneOffset.UTC), 99,
                    new PrintStream(err, true, StandardCharsets.UTF_8), sender)) {
                w.log(new LogEvent.Completed("1xUvjf-000624-1Y", null));
                w.log(new LogEvent.Rejected(null, Peer.of("192.0.2.1", 0), null, null,
                        "rejected connection in \"connect\" ACL", null, null));
            }
            // local3 = 19: INFO is 19*8+6, NOTICE 19*8+5; with syslog_duplication false the
            // rejection is not sent a second time as a main log line.
            assertEquals("<158>Nov 22 00:47:15 osprey: 1xUvjf-000624-1Y Completed", receive(server));
            assertEquals("<157>Nov 22 00:47:15 osprey: H=[192.0.2.1] rejected connection in \"connect\" ACL",
                    receive(server));
            assertFalse(Files.exists(dir.resolve("mainlog")));
        }
    }

    @Test
    void longAndMultiLineSyslogMessagesAreNumbered() {
        assertEquals(List.of("one"), LogWriter.syslogParts("one"));
        assertEquals(List.of("[1\\2] a", "[2/2] b"), LogWriter.syslogParts("a\nb"));
        List<String> parts = LogWriter.syslogParts("y".repeat(1000));
        assertEquals(2, parts.size());
        assertEquals("[1/2] " + "y".repeat(870), parts.get(0));
    }

    @Test
    void facilities() {
        assertEquals(2, SyslogSender.facility(null));
        assertEquals(2, SyslogSender.facility("LOG_MAIL"));
        assertEquals(23, SyslogSender.facility("local7"));
    }

    private static String receive(DatagramSocket server) throws IOException {
        byte[] buf = new byte[2048];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        server.receive(p);
        return new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
