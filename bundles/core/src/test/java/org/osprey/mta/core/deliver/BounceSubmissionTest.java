package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.MessageId;

/**
 * Bounces and delay warnings go through acl_not_smtp as Exim's child_open_exim submissions
 * do; what the engine does when the ACL refuses them; and what a transport's failure puts
 * into a bounce (its user message) or does with a freeze request.
 */
class BounceSubmissionTest {
    private static final String CONFIG = """
            qualify_domain = host.example
            acl_not_smtp = check_local
            delay_warning = 1h

            begin acl
            check_local:
              deny  senders = :
                    condition = ${if exists{DIR/deny}}
                    log_message = no bounces please
                    message = bounces refused here
              accept

            begin routers
            failing:
              driver = redirect
              domains = fail.example
              allow_fail
              data = :fail: no such user here
            local:
              driver = accept
              transport = local_t

            begin transports
            local_t:
              driver = testlocal
              outcome = ${if eq{$local_part}{later}{defer not now}{\\
                ${if eq{$local_part}{piped}{failuser local delivery failed|Child process of p returned 1}{\\
                ${if eq{$local_part}{quiet}{failuser |return message generated}{\\
                ${if eq{$local_part}{frozen}{failfreeze no way}{\\
                ${if eq{$local_part}{pipedlater}{deferuser local delivery failed|Child process of p returned 75}{ok}}}}}}}}}}
            """;
    private static final String RETRY = "\nbegin retry\n* * F,2h,15m\n";

    @TempDir
    Path dir;

    @Test
    void aBounceTheAclRefusesLeavesAYoungMessageFrozenWithItsFailureAsExim() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG + RETRY)) {
            Files.createFile(dir.resolve("deny"));
            MessageId id = f.submit("sender@s.example", "x@fail.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            List<String> lines = f.mainlogLines();
            // Exim 4.96 (exim-reference, this ACL and a retry rule; the bounce's id is the child's):
            //   1xV1gb-0000uB-2b ** bad@test.example R=fail: no such user here
            //   1xV1gb-0000uD-2d F=<> rejected by non-SMTP ACL: no bounces please
            //   1xV1gb-0000uD-2d Error while reading message with no usable sender address
            //     (R=1xV1gb-0000uB-2b): rejected by non-SMTP ACL: bounces refused here
            //   1xV1gb-0000uB-2b Process failed (1) when writing error message to sender@test.example (frozen)
            // and no "Frozen" line; the -H file keeps the address as a recipient, not delivered.
            assertEquals(4, lines.size(), f.mainlog());
            assertEquals(id + " ** x@fail.example R=failing: no such user here", lines.get(0));
            String bounceId = lines.get(1).substring(0, MessageId.LENGTH);
            assertEquals(bounceId + " F=<> rejected by non-SMTP ACL: no bounces please", lines.get(1));
            assertEquals(bounceId + " Error while reading message with no usable sender address (R=" + id
                    + "): rejected by non-SMTP ACL: bounces refused here", lines.get(2));
            assertEquals(id + " Process failed (1) when writing error message to sender@s.example (frozen)",
                    lines.get(3));
            HeaderFile h = f.header(id);
            assertTrue(h.frozenAt().isPresent());
            assertEquals(List.of("x@fail.example"), h.undelivered().stream().map(r -> r.address()).toList());
            assertFalse(f.onQueue(MessageId.parse(bounceId)));
            assertEquals(List.of(), f.transports.addresses());
        }
    }

    @Test
    void withoutRetryRulesARefusedBounceEndsTheMessageAsExim() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            Files.createFile(dir.resolve("deny"));
            MessageId id = f.submit("sender@s.example", "x@fail.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            // Exim 4.96 with no retry rules (retry_maximum_timeout 0): "Process failed (1) when
            // writing error message to sender@test.example", then "Completed".
            List<String> lines = f.mainlogLines();
            assertEquals(id + " Process failed (1) when writing error message to sender@s.example",
                    lines.get(lines.size() - 2));
            assertEquals(id + " Completed", lines.get(lines.size() - 1));
            assertFalse(f.onQueue(id));
        }
    }

    @Test
    void aDeferredAddressKeepsTheMessageUnfrozenAndTheFailureIsTriedAgain() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG + RETRY)) {
            Files.createFile(dir.resolve("deny"));
            MessageId id = f.submit("sender@s.example", "x@fail.example", "later@local.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(f.mainlogLines().contains(
                    id + " Process failed (1) when writing error message to sender@s.example"), f.mainlog());
            HeaderFile h = f.header(id);
            assertFalse(h.frozenAt().isPresent());
            assertEquals(List.of("x@fail.example", "later@local.example"),
                    h.undelivered().stream().map(r -> r.address()).toList());

            // Once the ACL lets it through, the next attempt bounces the failure.
            Files.delete(dir.resolve("deny"));
            f.advance(3600);
            f.engine.deliver(id, DeliveryRequest.queueRun(true, false));
            assertTrue(f.mainlogLines().stream().anyMatch(l -> l.contains(" <= <> R=" + id + " ")), f.mainlog());
            assertEquals(List.of("later@local.example"), f.header(id).undelivered().stream()
                    .map(r -> r.address()).toList());
        }
    }

    @Test
    void aRefusedDelayWarningDoesNotCountAsSent() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG + RETRY)) {
            MessageId id = f.submit("sender@s.example", "later@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            Files.createFile(dir.resolve("deny"));
            f.advance(3700);
            f.engine.deliver(id, DeliveryRequest.queueRun(true, false));
            assertTrue(f.mainlogLines().stream().anyMatch(l -> l.endsWith(" F=<> rejected by non-SMTP ACL: "
                    + "no bounces please")), f.mainlog());
            assertEquals(0, f.header(id).warningCount());

            Files.delete(dir.resolve("deny"));
            f.advance(60);
            f.engine.deliver(id, DeliveryRequest.queueRun(true, false));
            assertEquals(1, f.header(id).warningCount());
            String warning = f.transports.calls.get(f.transports.calls.size() - 1).message();
            assertTrue(warning.contains("Subject: Warning: message " + id + " delayed 60 minutes\n"), warning);
            assertTrue(warning.startsWith("Received: from "), warning);
        }
    }

    @Test
    void theBounceShowsTheTransportsUserMessageNotItsLoggedOne() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("sender@s.example", "piped@local.example", "quiet@local.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(f.mainlogLines().contains(id + " ** piped@local.example R=local T=local_t: Child process of p"
                    + " returned 1"), f.mainlog());
            String bounce = f.transports.calls.get(f.transports.calls.size() - 1).message();
            // Exim's print_address_error: the user message, or nothing when there is none
            // (exim-reference: "  quiet@test.example\n  piped@test.example\n    local delivery failed\n").
            assertTrue(bounce.contains("\n  piped@local.example\n    local delivery failed\n"), bounce);
            assertTrue(bounce.contains("\n  quiet@local.example\n"), bounce);
            assertFalse(bounce.contains("quiet@local.example\n    "), bounce);
            assertFalse(bounce.contains("return message generated"), bounce);
            assertFalse(bounce.contains("Child process"), bounce);
        }
    }

    @Test
    void theDelayWarningShowsTheUserMessageToo() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG + RETRY)) {
            MessageId id = f.submit("sender@s.example", "pipedlater@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            f.advance(3700);
            f.engine.deliver(id, DeliveryRequest.queueRun(true, false));
            assertTrue(f.onQueue(id), f.mainlog());
            assertEquals(1, f.header(id).warningCount());
            String warning = f.transports.calls.get(f.transports.calls.size() - 1).message();
            // deliver.c's print_address_error serves the warning as the bounce.
            assertTrue(warning.contains("\n  pipedlater@local.example\n    Delay reason: local delivery failed\n"),
                    warning);
            assertFalse(warning.contains("returned 75"), warning);
        }
    }

    @Test
    void aFailureWithAFreezeRequestIsKeptNotBounced() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            MessageId id = f.submit("sender@s.example", "frozen@local.example", "x@fail.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            List<String> lines = f.mainlogLines();
            // deliver.c's post_process_one: FAIL with SPECIAL_FREEZE logs the failure, keeps the
            // address (on the deferred list) and freezes the message: "Frozen", no reason.
            assertTrue(lines.contains(id + " ** frozen@local.example R=local T=local_t: no way"), f.mainlog());
            List<String> own = lines.stream().filter(l -> l.startsWith(id + " ")).toList();
            assertEquals(id + " Frozen", own.get(own.size() - 1));
            HeaderFile h = f.header(id);
            assertTrue(h.frozenAt().isPresent());
            assertEquals(List.of("frozen@local.example"), h.undelivered().stream().map(r -> r.address()).toList());
            // The other failure is bounced, without the kept one.
            String bounce = f.transports.calls.get(f.transports.calls.size() - 1).message();
            assertTrue(bounce.contains("X-Failed-Recipients: x@fail.example\n"), bounce);
            assertFalse(bounce.contains("Final-Recipient: rfc822;frozen@local.example"), bounce);
        }
    }
}
