package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.MessageId;

/** A transport's new message (an autoreply) through the kernel's MessageSubmitter: spooled, logged, delivered. */
class ChildSubmissionTest {
    private static final String CONFIG = """
            qualify_domain = host.example

            begin routers
            all:
              driver = accept
              transport = ${if eq{$local_part}{user}{replying}{local_t}}

            begin transports
            replying:
              driver = testlocal
              outcome = ${if eq{$domain}{none.example}{reply}{reply Boss <boss@local.example>, other@local.example}}
            local_t:
              driver = testlocal
            """;

    @TempDir
    Path dir;

    @Test
    void theReplyIsSpooledWithAnEmptySenderReferringToTheMessageAndDeliveredAfterIt() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("sender@s.example", "user@local.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            List<String> lines = f.mainlogLines();
            String arrival = lines.stream().filter(l -> l.contains(" <= <> R=" + id + " ")).findFirst().orElseThrow(
                    () -> new AssertionError(f.mainlog()));
            String replyId = arrival.substring(0, arrival.indexOf(' '));
            assertTrue(arrival.contains(" P=local S="), arrival);
            assertTrue(lines.contains(replyId + " => boss <boss@local.example> R=all T=local_t"), f.mainlog());
            assertTrue(lines.contains(replyId + " => other <other@local.example> R=all T=local_t"), f.mainlog());
            assertTrue(lines.contains(replyId + " Completed"), f.mainlog());
            String reply = f.transports.calls.get(1).message();
            assertTrue(reply.contains("To: Boss <boss@local.example>, other@local.example\nSubject: auto\n"), reply);
            assertTrue(reply.endsWith("\n\nhello\n"), reply);
        }
    }

    @Test
    void aReplyWithoutRecipientsIsReportedAsSuchAndNothingIsSent() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("sender@s.example", "user@none.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.mainlog().contains("no recipients found in headers"), f.mainlog());
            assertTrue(f.mainlogLines().contains(id + " ** user@none.example R=all T=replying: no recipients"),
                    f.mainlog());
            // The only other delivery is the bounce of the address the test transport failed.
            assertEquals(List.of(List.of("user@none.example"), List.of("sender@s.example")), f.transports.addresses());
        }
    }
}
