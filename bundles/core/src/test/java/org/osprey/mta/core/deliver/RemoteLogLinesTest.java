package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.kernel.model.HostStatus;

/**
 * What the engine makes of a remote transport's report, as Exim 4.96 logs it (each expected
 * line checked against exim-reference delivering to a scripted server): the errno text and
 * H= of a deferral, the * of a later transaction, K, Exim's negative errnos, and the host
 * retry key of a host on a non-default port read back before the next delivery.
 */
class RemoteLogLinesTest {
    private static final String CONFIG = """
            begin routers
            all:
              driver = script
              result = accept remote_t mx.example=127.0.0.1:-1

            begin transports
            remote_t:
              driver = testremote
              port = 2525
              outcome = OUTCOME

            begin retry
            * * F,1h,15m
            """;

    @TempDir
    Path dir;

    private DeliveryFixture fixture(String outcome) throws Exception {
        return new DeliveryFixture(dir, CONFIG.replace("OUTCOME", outcome));
    }

    @Test
    void aTimeoutAfterConnectingIsLoggedWithItsErrnoTextBeforeTheHost() throws Exception {
        try (DeliveryFixture f = fixture("timeout")) {
            MessageId id = f.submit("sender@s.example", "a@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.mainlogLines().contains(id + " == a@remote.example R=all T=remote_t defer (110): Connection "
                    + "timed out H=mx.example [127.0.0.1]: SMTP timeout after initial connection"), f.mainlog());
        }
    }

    @Test
    void aRefusedConnectionNamesNoHost() throws Exception {
        try (DeliveryFixture f = fixture("refused")) {
            MessageId id = f.submit("sender@s.example", "a@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.mainlogLines().contains(id + " == a@remote.example R=all T=remote_t defer (111): Connection "
                    + "refused"), f.mainlog());
        }
    }

    @Test
    void afterARcptTimeoutTheAddressesNotYetAnsweredNameNoHost() throws Exception {
        try (DeliveryFixture f = fixture("rcpttimeout")) {
            MessageId id = f.submit("sender@s.example", "a@remote.example", "b@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            List<String> lines = f.mainlogLines();
            assertTrue(lines.contains(id + " == a@remote.example R=all T=remote_t defer (110): Connection timed out"
                    + " H=mx.example [127.0.0.1]: SMTP timeout after RCPT TO:<a@remote.example>"), f.mainlog());
            assertTrue(lines.contains(id + " == b@remote.example R=all T=remote_t defer (110): Connection timed out"
                    + ": SMTP timeout after RCPT TO:<a@remote.example>"), f.mainlog());
        }
    }

    @Test
    void laterTransactionsOfOneMessageHaveAStarAndChunkingAK() throws Exception {
        try (DeliveryFixture f = fixture("split")) {
            MessageId id = f.submit("sender@s.example", "a@remote.example", "b@remote.example", "c@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            List<String> lines = f.mainlogLines();
            assertTrue(lines.contains(id + " => a@remote.example R=all T=remote_t H=mx.example [127.0.0.1] K"
                    + " C=\"250 OK\""), f.mainlog());
            assertTrue(lines.contains(id + " -> b@remote.example R=all T=remote_t H=mx.example [127.0.0.1] K"
                    + " C=\"250 OK\""), f.mainlog());
            // Exim 4.96 (max_rcpt = 2, five recipients, one connection): "=>" for the first of each
            // transaction, "*" after the IP for the addresses of the later ones.
            assertTrue(lines.contains(id + " => c@remote.example R=all T=remote_t H=mx.example [127.0.0.1]* K"
                    + " C=\"250 OK\""), f.mainlog());
        }
    }

    /** Exim 4.96, max_rcpt = 2 and five recipients: one connection under remote_max_parallel = 1, else three. */
    @Test
    void maxRcptBatchesWidenToTheMessagesShareOfRemoteMaxParallel() throws Exception {
        String[] to = {"a@remote.example", "b@remote.example", "c@remote.example", "d@remote.example",
            "e@remote.example"};
        try (DeliveryFixture f = new DeliveryFixture(dir, "remote_max_parallel = 1\n"
                + CONFIG.replace("OUTCOME", "ok").replace("port = 2525", "max_rcpt = 2"))) {
            f.engine.deliver(f.submit("sender@s.example", to), DeliveryRequest.NEW_MESSAGE);
            assertEquals(List.of(List.of(to)), f.transports.addresses());
        }
    }

    @Test
    void maxRcptBatchesStayAtMaxRcptWhenTheShareIsNoLarger(@TempDir Path other) throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(other, CONFIG.replace("OUTCOME", "ok")
                .replace("port = 2525", "max_rcpt = 2"))) {
            f.engine.deliver(f.submit("sender@s.example", "a@remote.example", "b@remote.example", "c@remote.example",
                    "d@remote.example", "e@remote.example"), DeliveryRequest.NEW_MESSAGE);
            assertEquals(List.of(2, 2, 1), f.transports.addresses().stream().map(List::size).sorted(
                    java.util.Comparator.reverseOrder()).toList());
        }
    }

    @Test
    void noHostTriedIsErrnoMinus54() throws Exception {
        try (DeliveryFixture f = fixture("nohosts")) {
            MessageId id = f.submit("sender@s.example", "a@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.mainlogLines().contains(id + " == a@remote.example R=all T=remote_t defer (-54): "
                    + "retry time not reached for any host for 'remote.example'"), f.mainlog());
        }
    }

    @Test
    void aLocalHostIsErrnoMinus50() throws Exception {
        try (DeliveryFixture f = fixture("local")) {
            MessageId id = f.submit("sender@s.example", "a@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.mainlogLines().contains(id + " == a@remote.example R=all T=remote_t defer (-50): "
                    + "remote_t transport found host mx.example to be local"), f.mainlog());
        }
    }

    @Test
    void aHostThatFailedOnTheTransportsPortIsNotUsableOnTheNextQueueRun() throws Exception {
        try (DeliveryFixture f = fixture("refused")) {
            MessageId id = f.submit("sender@s.example", "a@remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.hints.get(HintsStore.RETRY, "T:mx.example:127.0.0.1:2525").isPresent(),
                    "the transport's key is written");
            f.advance(60);
            f.engine.deliver(id, DeliveryRequest.QUEUE_RUN);
            assertEquals(HostStatus.UNUSABLE, f.transports.calls.get(1).hosts().get(0).status(),
                    "the engine reads the key with the transport's port: " + f.transports.calls);
            f.advance(3600);
            f.engine.deliver(id, DeliveryRequest.FORCED);
            assertEquals(HostStatus.USABLE, f.transports.calls.get(2).hosts().get(0).status());
        }
    }
}
