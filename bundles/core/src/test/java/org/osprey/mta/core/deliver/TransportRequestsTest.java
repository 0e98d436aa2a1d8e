package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.MessageId;

/** What a transport asks of the engine beyond outcomes: text returned with the bounce, and freezing. */
class TransportRequestsTest {
    private static final String CONFIG = """
            qualify_domain = host.example

            begin routers
            frozen:
              driver = accept
              local_parts = frozen
              transport = freeze_t
            output:
              driver = accept
              local_parts = output
              transport = output_t
            local:
              driver = accept
              transport = local_t

            begin transports
            freeze_t:
              driver = testlocal
              outcome = freeze pipe process failed to exec "/nonexistent/prog"
            output_t:
              driver = testlocal
              outcome = output hello world\\nsecond line\\n
            local_t:
              driver = testlocal
            """;

    @TempDir
    Path dir;

    @Test
    void aFreezeRequestDefersTheAddressAndFreezesTheMessageAsExim() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("sender@s.example", "frozen@local.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(f.header(id).frozenAt().isPresent());
            // Exim 4.96, a pipe transport with freeze_exec_fail: "== pipe4@test.example R=p4 T=pipe4_t defer (0):
            // pipe process failed to exec "/nonexistent/prog"", then "Frozen".
            assertEquals(List.of(id + " == frozen@local.example R=frozen T=freeze_t defer (0): pipe process failed"
                    + " to exec \"/nonexistent/prog\"", id + " Frozen"), f.mainlogLines());
        }
    }

    @Test
    void returnedTextGoesIntoTheBounce() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("sender@s.example", "output@local.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(id + " ** output@local.example R=output T=output_t: return message generated",
                    f.mainlogLines().get(0));
            String bounce = f.transports.calls.get(1).message();
            assertTrue(bounce.contains("  output@local.example\n    return message generated\n\n"
                    + "The following text was generated during the delivery attempt:\n\n"
                    + "------ output@local.example ------\n\n"
                    + "hello world\nsecond line\n\n--"), bounce);
        }
    }
}
