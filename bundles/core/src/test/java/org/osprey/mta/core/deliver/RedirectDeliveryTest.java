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
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.router.redirect.RedirectRouterDriver;

/**
 * The real redirect router in deliveries: one_time, hide_child_in_errmsg, syntax_errors_to,
 * and the addresses before a :fail:, as Exim 4.96's deliver.c and moan.c handle them.
 */
class RedirectDeliveryTest {
    private static final String CONFIG = """
            qualify_domain = q.example
            begin routers
            onetime:
              driver = redirect
              domains = m.example
              one_time
              errors_to = owner@local.example
              data = x@local.example, y@local.example
            hidden:
              driver = redirect
              domains = h.example
              hide_child_in_errmsg
              data = gone@fail.example
            failafter:
              driver = redirect
              domains = ff.example
              allow_fail
              data = x@local.example, :fail: bad one
            skip:
              driver = redirect
              domains = s.example
              skip_syntax_errors
              syntax_errors_to = postmaster@local.example
              syntax_errors_text = Dear $local_part,
              data = x@local.example, @@bad
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
              outcome = ${if exists{DIR/defer-$local_part}{defer not now}{ok}}
            """;

    @TempDir
    Path dir;

    private DeliveryFixture fixture() throws Exception {
        return new DeliveryFixture(dir, CONFIG, new RedirectRouterDriver());
    }

    @Test
    void a_deferred_child_of_a_one_time_redirection_becomes_a_recipient_and_its_parent_is_done() throws Exception {
        try (DeliveryFixture f = fixture()) {
            Files.writeString(dir.resolve("defer-y"), "");
            MessageId id = f.submit("sender@s.example", "k@m.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            HeaderFile h = f.header(id);
            assertEquals(List.of(Recipient.of("k@m.example"), new Recipient("y@local.example", null, 0, "owner@local.example", 0)),
                    h.recipients());
            assertTrue(h.nonRecipients().contains("k@m.example"), h.nonRecipients().toString());
            assertTrue(h.nonRecipients().contains("x@local.example"), h.nonRecipients().toString());

            Files.delete(dir.resolve("defer-y"));
            f.transports.calls.clear();
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            // The redirection is not expanded again: only y is delivered, logged with its onetime parent.
            assertEquals(List.of(List.of("y@local.example")), f.transports.addresses());
            assertTrue(f.mainlogLines().contains(id + " => y <k@m.example> R=local T=local_t"), f.mainlog());
        }
    }

    @Test
    void hide_child_in_errmsg_keeps_the_child_out_of_the_bounce() throws Exception {
        try (DeliveryFixture f = fixture()) {
            MessageId id = f.submit("sender@s.example", "k@h.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(f.mainlogLines().contains(id + " ** gone@fail.example <k@h.example> R=failing: no such user here"),
                    f.mainlog());
            String bounce = f.transports.calls.get(0).message();
            assertTrue(bounce.contains("failed:\n\n  an undisclosed address\n    (generated from k@h.example)\n"),
                    bounce);
            assertFalse(bounce.contains("no such user here"), bounce);
            assertFalse(bounce.contains("X-Failed-Recipients"), bounce);
        }
    }

    @Test
    void the_addresses_before_a_fail_are_delivered_and_the_address_bounces() throws Exception {
        try (DeliveryFixture f = fixture()) {
            MessageId id = f.submit("sender@s.example", "k@ff.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            List<String> lines = f.mainlogLines();
            assertTrue(lines.contains(id + " ** k@ff.example R=failafter: bad one"), f.mainlog());
            assertTrue(lines.contains(id + " => x <k@ff.example> R=local T=local_t"), f.mainlog());
        }
    }

    @Test
    void skipped_syntax_errors_are_logged_and_mailed_to_syntax_errors_to() throws Exception {
        try (DeliveryFixture f = fixture()) {
            MessageId id = f.submit("sender@s.example", "k@s.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(f.mainlogLines().contains(
                    id + " skip router: skipped error: domain missing or malformed in \"@@bad\""), f.mainlog());
            RecordingTransports.Call moan = f.transports.calls.stream()
                    .filter(c -> c.addresses().equals(List.of("postmaster@local.example"))).findFirst().orElseThrow();
            String m = moan.message();
            assertTrue(m.contains("Subject: error(s) in forwarding or filtering\n"), m);
            assertTrue(m.contains("Auto-Submitted: auto-replied\n"), m);
            assertTrue(m.contains("\n\nDear k,\n\nThe skip router encountered the following error(s):\n\n"
                    + "  domain missing or malformed in the address\n  \"@@bad\"\n\n"
                    + "Other addresses were processed normally.\n"), m);
        }
    }
}
