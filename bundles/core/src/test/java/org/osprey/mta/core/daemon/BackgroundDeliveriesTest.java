package org.osprey.mta.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.spool.MessageId;

class BackgroundDeliveriesTest {
    private static final MessageId ID = MessageId.parse("1pBnKl-003F4x-Nx");
    @TempDir
    Path dir;
    private final List<MessageId> delivered = new CopyOnWriteArrayList<>();
    private int load = 500;

    @AfterEach
    void unbind() {
        ConnectionContext.unbind();
    }

    private BackgroundDeliveries deliveries(BackgroundDeliveries.Policy policy, LogWriter log) {
        return new BackgroundDeliveries(policy, delivered::add, () -> load, log, 2, 10);
    }

    private LogWriter log() {
        return new LogWriter(LogConfig.files(dir + "/%slog", LogSelector.defaults()), Clock.systemUTC(), 1, System.err,
                null);
    }

    private List<String> mainlog() throws Exception {
        Path f = dir.resolve("mainlog");
        return Files.exists(f) ? Files.readAllLines(f).stream().map(l -> l.substring(20)).collect(Collectors.toList())
                : List.of();
    }

    @Test
    void deliversInTheBackground() throws Exception {
        try (LogWriter log = log(); BackgroundDeliveries d = deliveries(
                new BackgroundDeliveries.Policy(false, null, -1, true), log)) {
            assertTrue(d.accepted(ID, false));
            d.shutdown(5);
            assertEquals(List.of(ID), delivered);
        }
    }

    @Test
    void queueOnlyAndTheSessionsWordAreNotLogged() throws Exception {
        Path flag = dir.resolve("queue-only");
        try (LogWriter log = log(); BackgroundDeliveries policy = deliveries(
                new BackgroundDeliveries.Policy(true, null, -1, true), log);
                BackgroundDeliveries file = deliveries(new BackgroundDeliveries.Policy(false, flag, -1, true), log)) {
            assertFalse(policy.accepted(ID, false));
            assertFalse(file.accepted(ID, true));
            Files.createFile(flag);
            assertFalse(file.accepted(ID, false));
        }
        assertEquals(List.of(), mainlog());
        assertEquals(List.of(), delivered);
    }

    @Test
    void tooManyConnectionsIsLoggedWithTheMessage() throws Exception {
        new ConnectionContext(3, 2).bind();
        try (LogWriter log = log(); BackgroundDeliveries d = deliveries(
                new BackgroundDeliveries.Policy(false, null, -1, true), log)) {
            assertFalse(d.accepted(ID, false));
        }
        assertEquals(List.of("1pBnKl-003F4x-Nx no immediate delivery: too many connections (3, max 2)"), mainlog());
    }

    @Test
    void queueOnlyLoadLatchesForTheConnection() throws Exception {
        new ConnectionContext(1, 0).bind();
        try (LogWriter log = log(); BackgroundDeliveries d = deliveries(
                new BackgroundDeliveries.Policy(false, null, 1000, true), log)) {
            load = 1500;
            assertFalse(d.accepted(ID, false));
            load = 100;
            assertFalse(d.accepted(ID, false), "latched");
            ConnectionContext.unbind();
            new ConnectionContext(1, 0).bind();
            assertTrue(d.accepted(ID, false), "a new connection starts unlatched");
        }
        assertEquals(List.of("1pBnKl-003F4x-Nx no immediate delivery: load average 1.50",
                "1pBnKl-003F4x-Nx no immediate delivery: load average 1.50"), mainlog());
    }

    @Test
    void withoutTheLatchEachMessageIsJudgedAlone() throws Exception {
        new ConnectionContext(1, 0).bind();
        try (LogWriter log = log(); BackgroundDeliveries d = deliveries(
                new BackgroundDeliveries.Policy(false, null, 1000, false), log)) {
            load = 1500;
            assertFalse(d.accepted(ID, false));
            load = 100;
            assertTrue(d.accepted(ID, false));
        }
    }
}
