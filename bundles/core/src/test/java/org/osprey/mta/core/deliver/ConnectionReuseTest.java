package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageLock;

/**
 * Connection reuse in the engine: messages a host error left waiting are listed in the
 * wait-&lt;transport&gt; hints, and a delivery that holds a connection to that host takes
 * them along (the recording remote transport sends them over its "connection" as the smtp
 * transport does); each is logged as Exim logs a continued delivery, with {@code *} after the IP.
 */
class ConnectionReuseTest {
    private static final String CONFIG = """
            begin routers
            all:
              driver = script
              result = ${if eq{$domain}{local.example}{accept local_t}{accept remote_t mx.example=127.0.0.1:2525}}

            begin transports
            local_t:
              driver = testlocal
              outcome = ${if exists{DIR/localdown}{defer not now}{ok}}
            remote_t:
              driver = testremote
              outcome = ${if or{{exists{DIR/down}}{exists{DIR/down-$local_part}}}{hostfail}{ok}}
              connection_max_messages = MAX

            begin retry
            * * F,1h,15m
            """;

    @TempDir
    Path dir;

    private DeliveryFixture fixture(int max) throws Exception {
        return new DeliveryFixture(dir, CONFIG.replace("MAX", Integer.toString(max)));
    }

    /** Delivers messages while the host is down: each waits for it. */
    private static List<MessageId> waiting(DeliveryFixture f, int count) throws Exception {
        Files.createFile(f.dir.resolve("down"));
        List<MessageId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            MessageId id = f.submit("sender@s.example", "user" + i + "@remote.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            ids.add(id);
        }
        Files.delete(f.dir.resolve("down"));
        f.advance(3600);
        return ids;
    }

    private static Optional<String> waitRecord(DeliveryFixture f) throws Exception {
        return f.hints.get(HintsStore.waitDatabase("remote_t"), "mx.example").map(HintsStore.Entry::value);
    }

    private static List<Integer> connections(DeliveryFixture f) {
        return f.transports.calls.stream().map(RecordingTransports.Call::connection).toList();
    }

    @Test
    void aQueueRunTakesTheWaitingMessagesOverOneConnection() throws Exception {
        try (DeliveryFixture f = fixture(500)) {
            List<MessageId> ids = waiting(f, 2);
            assertEquals(Optional.of(ids.get(0) + " " + ids.get(1)), waitRecord(f));

            new QueueRunner(f.engine, true, new Random(1)).run(QueueRunner.Selection.ALL);

            assertFalse(f.onQueue(ids.get(0)), f.mainlog());
            assertFalse(f.onQueue(ids.get(1)), f.mainlog());
            // Two refused connections, then one that carried both messages.
            assertEquals(List.of(1, 2, 3, 3), connections(f));
            List<String> lines = f.mainlogLines();
            assertTrue(lines.contains(ids.get(0) + " => user0@remote.example R=all T=remote_t H=mx.example [127.0.0.1]"),
                    f.mainlog());
            assertTrue(lines.contains(ids.get(1) + " => user1@remote.example R=all T=remote_t H=mx.example [127.0.0.1]*"),
                    f.mainlog());
            assertTrue(lines.contains(ids.get(1) + " Completed"), f.mainlog());
            assertTrue(lines.indexOf(ids.get(0) + " Completed") < lines.indexOf(ids.get(1)
                    + " => user1@remote.example R=all T=remote_t H=mx.example [127.0.0.1]*"),
                    "as in Exim, the first message is logged before the one that took its connection: " + f.mainlog());
            assertEquals(Optional.empty(), waitRecord(f), "the record goes when its messages are taken");
        }
    }

    @Test
    void theNewestWaitingMessageGoesFirstUpToConnectionMaxMessages() throws Exception {
        try (DeliveryFixture f = fixture(2)) {
            List<MessageId> ids = waiting(f, 3);
            f.engine.deliver(ids.get(0), DeliveryRequest.QUEUE_RUN);

            assertFalse(f.onQueue(ids.get(0)));
            assertFalse(f.onQueue(ids.get(2)), "Exim takes the newest waiting message");
            assertTrue(f.onQueue(ids.get(1)), "two messages reached connection_max_messages");
            assertEquals(List.of(4, 4), connections(f).subList(3, 5));
            assertEquals(Optional.of(ids.get(1).toString()), waitRecord(f));
        }
    }

    @Test
    void withConnectionMaxMessagesOneNoMessageWaits() throws Exception {
        try (DeliveryFixture f = fixture(1)) {
            List<MessageId> ids = waiting(f, 2);
            assertEquals(Optional.empty(), waitRecord(f));

            new QueueRunner(f.engine, true, new Random(1)).run(QueueRunner.Selection.ALL);

            assertFalse(f.onQueue(ids.get(0)));
            assertFalse(f.onQueue(ids.get(1)));
            assertEquals(List.of(1, 2, 3, 4), connections(f), "a connection for each message");
            assertFalse(f.mainlog().contains("]*"), f.mainlog());
        }
    }

    @Test
    void aMessageLockedByAnotherDeliveryIsPassedOver() throws Exception {
        try (DeliveryFixture f = fixture(500)) {
            List<MessageId> ids = waiting(f, 3);
            try (MessageLock held = f.spool.lock(ids.get(2)).orElseThrow()) {
                f.engine.deliver(ids.get(0), DeliveryRequest.QUEUE_RUN);
            }
            assertFalse(f.onQueue(ids.get(0)));
            assertFalse(f.onQueue(ids.get(1)), "the next one down the list went instead");
            assertTrue(f.onQueue(ids.get(2)));
            assertEquals(List.of(4, 4), connections(f).subList(3, 5));
            assertEquals(5, f.transports.calls.size());
            assertFalse(f.mainlog().contains(ids.get(2) + " =>"), f.mainlog());
        }
    }

    @Test
    void aContinuedMessageLeavesItsOtherAddressesForTheQueue() throws Exception {
        try (DeliveryFixture f = fixture(500)) {
            MessageId first = waiting(f, 1).get(0);
            Files.createFile(f.dir.resolve("down"));
            Files.createFile(f.dir.resolve("localdown"));
            MessageId second = f.submit("sender@s.example", "someone@remote.example", "user@local.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(second, DeliveryRequest.NEW_MESSAGE));
            Files.delete(f.dir.resolve("down"));
            Files.delete(f.dir.resolve("localdown"));
            int calls = f.transports.calls.size();

            f.engine.deliver(first, DeliveryRequest.QUEUE_RUN);

            assertFalse(f.onQueue(first));
            assertEquals(List.of(List.of("user0@remote.example"), List.of("someone@remote.example")),
                    f.transports.addresses().subList(calls, f.transports.calls.size()),
                    "the local address is not tried in a continued delivery");
            assertTrue(f.mainlogLines().contains(
                    second + " => someone@remote.example R=all T=remote_t H=mx.example [127.0.0.1]*"), f.mainlog());
            assertTrue(f.onQueue(second));
            assertEquals(java.util.Set.of("someone@remote.example"), java.util.Set.copyOf(f.header(second).nonRecipients()));
            assertEquals(Optional.empty(), waitRecord(f));
        }
    }

    @Test
    void aContinuedDeliveryThatFailsSetsNoHostRetryDataAndWaitsAgain() throws Exception {
        try (DeliveryFixture f = fixture(500)) {
            List<MessageId> ids = waiting(f, 2);
            f.advance(7200); // past the retry rule's 1h: a host retry item would time the address out
            Files.createFile(f.dir.resolve("down-user1"));

            f.engine.deliver(ids.get(0), DeliveryRequest.QUEUE_RUN);

            assertFalse(f.onQueue(ids.get(0)));
            assertTrue(f.onQueue(ids.get(1)), f.mainlog());
            assertTrue(f.mainlogLines().contains(ids.get(1) + " == user1@remote.example R=all T=remote_t defer (111): "
                    + "Connection refused"), f.mainlog());
            assertEquals(Optional.of(ids.get(1).toString()), waitRecord(f), "it waits for the host again");
        }
    }
}
