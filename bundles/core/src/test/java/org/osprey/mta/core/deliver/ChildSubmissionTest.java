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

    @Test
    void theReplyGoesThroughTheNotSmtpAclsAsExims() throws Exception {
        String config = """
                acl_not_smtp_start = check_start
                acl_not_smtp = check_local
                """ + CONFIG.replace("begin routers", """
                begin acl
                check_start:
                  warn log_message = START ACL for <$sender_address>
                  accept
                check_local:
                  warn log_message = NOTSMTP ACL for <$sender_address> rcpts=$recipients
                  deny senders = :
                       condition = ${if eq{$h_subject:}{auto}}
                       message = no autoreplies here
                  accept

                begin routers""");
        try (DeliveryFixture f = new DeliveryFixture(dir, config)) {
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            List<String> lines = f.mainlogLines();
            // Exim 4.96 (exim-reference, an autoreply transport under these ACLs):
            //   U=Debian-exim Warning: START ACL for <>
            //   1xV18h-0002mM-15 U=Debian-exim Warning: NOTSMTP ACL for <> rcpts=sender@test.example
            //   1xV18h-0002mM-15 F=<> rejected by non-SMTP ACL: no autoreplies here
            String start = lines.stream().filter(l -> l.endsWith(" Warning: START ACL for <>")).findFirst()
                    .orElseThrow(() -> new AssertionError(f.mainlog()));
            assertTrue(start.startsWith("U="), start);
            String notSmtp = lines.stream().filter(l -> l.contains(" Warning: NOTSMTP ACL for <> rcpts="))
                    .findFirst().orElseThrow(() -> new AssertionError(f.mainlog()));
            String replyId = notSmtp.substring(0, notSmtp.indexOf(' '));
            assertTrue(notSmtp.endsWith(" rcpts=boss@local.example, other@local.example"), notSmtp);
            assertTrue(lines.contains(replyId + " F=<> rejected by non-SMTP ACL: no autoreplies here"), f.mainlog());
            assertTrue(lines.stream().noneMatch(l -> l.contains(" <= <> R=" + id)), f.mainlog());
            assertEquals(List.of(List.of("user@local.example")), f.transports.addresses());
        }
    }
}
