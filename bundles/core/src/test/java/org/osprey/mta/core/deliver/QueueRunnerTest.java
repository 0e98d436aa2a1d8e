package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.MessageId;

class QueueRunnerTest {
    private static final String CONFIG = """
            begin routers
            local:
              driver = accept
              transport = local_t

            begin transports
            local_t:
              driver = testlocal
              outcome = ${if exists{DIR/defer-$local_part}{defer not now}{ok}}

            begin retry
            * * F,1d,1h
            """;

    @TempDir
    Path dir;

    private static QueueRunner.Selection select(boolean force, boolean thaw, boolean first, String r, String s) {
        return new QueueRunner.Selection(force, thaw, first, r, false, s, false, null, null);
    }

    @Test
    void aRunDeliversEveryMessageAndLogsItsStartAndEnd() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId a = f.submit("s@s.example", "one@x.example");
            MessageId b = f.submit("s@s.example", "two@x.example");
            int attempted = new QueueRunner(f.engine, true, new Random(1)).run(QueueRunner.Selection.ALL);
            assertEquals(2, attempted);
            assertFalse(f.onQueue(a));
            assertFalse(f.onQueue(b));
            List<String> lines = f.mainlogLines();
            assertTrue(lines.get(0).matches("Start queue run: pid=\\d+"), lines.get(0));
            assertTrue(lines.get(lines.size() - 1).matches("End queue run: pid=\\d+"), lines.toString());
        }
    }

    @Test
    void minusQiTakesOnlyMessagesNeverTried() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            Files.createFile(dir.resolve("defer-old"));
            MessageId tried = f.submit("s@s.example", "old@x.example");
            f.engine.deliver(tried, DeliveryRequest.NEW_MESSAGE);
            Files.delete(dir.resolve("defer-old"));
            MessageId fresh = f.submit("s@s.example", "new@y.example");
            new QueueRunner(f.engine, true, new Random(1)).run(select(false, false, true, null, null));
            assertFalse(f.onQueue(fresh), f.mainlog());
            assertTrue(f.onQueue(tried));
            assertTrue(f.mainlogLines().get(f.mainlogLines().size() - 1).endsWith(" -qi"), f.mainlog());
        }
    }

    @Test
    void minusRAndMinusSSelectByRecipientAndSender() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId toAlpha = f.submit("s@s.example", "u@Alpha.example");
            MessageId fromBeta = f.submit("boss@beta.example", "v@x.example");
            MessageId other = f.submit("s@s.example", "w@x.example");
            QueueRunner runner = new QueueRunner(f.engine, true, new Random(1));
            runner.run(select(false, false, false, "alpha.EXAMPLE", null));
            assertFalse(f.onQueue(toAlpha), "case-insensitive substring of an undelivered recipient");
            assertTrue(f.onQueue(fromBeta));
            runner.run(new QueueRunner.Selection(true, false, false, null, false, "^boss@", true, null, null));
            assertFalse(f.onQueue(fromBeta));
            assertTrue(f.onQueue(other));
            assertTrue(f.mainlog().contains("Start queue run: pid=" + ProcessHandle.current().pid()
                    + " -qf -Sr ^boss@"), f.mainlog());
        }
    }

    @Test
    void frozenMessagesWaitForMinusQff() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("s@s.example", "u@x.example");
            f.spool.writeHeader(f.header(id).toBuilder().variable("frozen", Long.toString(f.now())).build());
            QueueRunner runner = new QueueRunner(f.engine, true, new Random(1));
            assertEquals(0, runner.run(select(true, false, false, null, null)));
            assertTrue(f.onQueue(id));
            assertEquals(1, runner.run(select(true, true, false, null, null)));
            assertFalse(f.onQueue(id));
        }
    }

    @Test
    void startAndStopIdsBoundTheRun() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId a = f.submit("s@s.example", "a@x.example");
            MessageId b = f.submit("s@s.example", "b@x.example");
            MessageId c = f.submit("s@s.example", "c@x.example");
            new QueueRunner(f.engine, true, new Random(1)).run(
                    new QueueRunner.Selection(false, false, false, null, false, null, false, b.toString(), b.toString()));
            assertTrue(f.onQueue(a));
            assertFalse(f.onQueue(b));
            assertTrue(f.onQueue(c));
        }
    }

    @Test
    void aBadRegularExpressionIsRefused() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            QueueRunner runner = new QueueRunner(f.engine, true, new Random(1));
            assertThrows(IllegalArgumentException.class, () -> runner.run(
                    new QueueRunner.Selection(false, false, false, "(", true, null, false, null, null)));
        }
    }

    @Test
    void theDaemonStartsRunsAtItsIntervalAndAtMostQueueRunMaxAtOnce() throws Exception {
        String slow = CONFIG.replace("  driver = testlocal\n", "  driver = testlocal\n  sleep = 400\n");
        try (DeliveryFixture f = new DeliveryFixture(dir, slow)) {
            for (int i = 0; i < 3; i++) {
                f.submit("s@s.example", "u" + i + "@x.example");
            }
            QueueDaemon daemon = new QueueDaemon(new QueueRunner(f.engine, true, new Random(1)),
                    QueueRunner.Selection.ALL, java.time.Duration.ofMillis(50), 1);
            Thread t = new Thread(() -> {
                try {
                    daemon.run();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            t.start();
            Thread.sleep(1500);
            t.interrupt();
            t.join();
            long starts = f.mainlogLines().stream().filter(l -> l.startsWith("Start queue run")).count();
            assertTrue(starts >= 1, f.mainlog());
            assertEquals(1, f.transports.mostAtOnce.get(), "queue_run_max = 1: one run, one delivery at a time");
            assertEquals(3, f.transports.calls.size(), "each message delivered once: " + f.mainlog());
        }
    }
}
