package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.Journal;
import org.osprey.mta.core.spool.MessageId;

class DeliveryEngineTest {
    /** Routers and transports most tests share; a file DIR/defer-<local part> makes that address defer. */
    private static final String BASIC = """
            qualify_domain = host.example
            remote_max_parallel = 4

            begin routers
            failing:
              driver = redirect
              domains = fail.example
              allow_fail
              data = :fail: no such user here
            lists:
              driver = redirect
              local_parts = list
              data = a@local.example, b@local.example, c@local.example
            blackhole:
              driver = redirect
              local_parts = nobody
              data = :blackhole:
            remote:
              driver = accept
              domains = *.remote.example
              transport = remote_t
            local:
              driver = accept
              transport = local_t

            begin transports
            local_t:
              driver = testlocal
              outcome = ${if exists{DIR/defer-$local_part}{defer not now}{ok}}
            remote_t:
              driver = testremote
              max_rcpt = 1
              sleep = 200
            """;

    @TempDir
    Path dir;

    @Test
    void deliversAndRemovesTheMessageWithEximsLogLines() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            MessageId id = f.submit("sender@s.example", "user@local.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertFalse(f.onQueue(id));
            assertFalse(Files.exists(f.spool.dataFile(id)), "the -D file goes with the message");
            assertEquals(List.of(id + " => user <user@local.example> R=local T=local_t", id + " Completed"),
                    f.mainlogLines());
            assertEquals(List.of(List.of("user@local.example")), f.transports.addresses());
            String written = f.transports.calls.get(0).message();
            assertTrue(written.contains("Subject: test " + id + "\n\nBody of " + id + "\n"), written);
        }
    }

    @Test
    void aDeferredChildStaysAndIsTheOnlyOneTriedAgain() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            Files.createFile(dir.resolve("defer-b"));
            MessageId id = f.submit("sender@s.example", "list@local.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            HeaderFile h = f.header(id);
            assertEquals(Set.of("a@local.example", "c@local.example"), Set.copyOf(h.nonRecipients()));
            assertFalse(h.deliverFirstTime());
            assertFalse(Files.exists(f.spool.journalFile(id)), "the journal is folded into -H and removed");
            assertTrue(f.mainlogLines().contains(
                    id + " == b@local.example <list@local.example> R=local T=local_t defer (0): not now"),
                    f.mainlog());

            Files.delete(dir.resolve("defer-b"));
            f.advance(3600);
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            List<String> delivered = f.transports.addresses().stream().flatMap(List::stream).toList();
            assertEquals(4, delivered.size(), delivered.toString());
            assertEquals(1, delivered.stream().filter("a@local.example"::equals).count(), "a is never repeated");
            assertEquals(2, delivered.stream().filter("b@local.example"::equals).count());
        }
    }

    @Test
    void aSurvivingJournalIsNotDeliveredAgain() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            MessageId id = f.submit("sender@s.example", "one@local.example", "two@local.example");
            // A crash after "one" was delivered and journalled, before the -H file changed.
            try (Journal j = f.spool.journal(id)) {
                j.delivered("one@local.example");
            }
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            assertEquals(List.of(List.of("two@local.example")), f.transports.addresses());
        }
    }

    @Test
    void aRouterFailureIsBouncedToTheSenderAndTheBounceIsDelivered() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            MessageId id = f.submit("sender@s.example", "x@fail.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            List<String> lines = f.mainlogLines();
            assertEquals(id + " ** x@fail.example R=failing: no such user here", lines.get(0));
            String bounceArrival = lines.get(1);
            // As Exim's: the child's reception made the Message-Id, so no id= (msg_id_created is off).
            assertTrue(bounceArrival.matches("\\S+ <= <> R=" + id + " U=\\S+ P=local S=\\d+"), bounceArrival);
            String bounceId = bounceArrival.substring(0, MessageId.LENGTH);
            assertEquals(id + " Completed", lines.get(2));
            assertEquals(bounceId + " => sender <sender@s.example> R=local T=local_t", lines.get(3));
            RecordingTransports.Call call = f.transports.calls.get(0);
            assertEquals(List.of("sender@s.example"), call.addresses());
            assertTrue(call.message().contains("Content-Type: multipart/report; report-type=delivery-status;"),
                    call.message());
            assertTrue(call.message().contains("Final-Recipient: rfc822;x@fail.example"), call.message());
            assertTrue(call.message().contains("no such user here"), call.message());
        }
    }

    @Test
    void aBounceThatFailsIsFrozenNotBouncedAndMinusMThawsIt() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            MessageId id = f.submit("", "x@fail.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(f.header(id).frozenAt().isPresent());
            assertTrue(f.mainlogLines().contains(id + " Frozen (delivery error message)"), f.mainlog());
            assertEquals(1, f.mainlogLines().size() - 1, "no bounce of a bounce: " + f.mainlog());

            assertEquals(DeliveryStatus.NOT_ATTEMPTED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            f.engine.deliver(id, DeliveryRequest.FORCED);
            assertTrue(f.mainlogLines().contains(id + " Unfrozen by forced delivery"), f.mainlog());
            assertTrue(f.header(id).frozenAt().isPresent(), "it fails again and is frozen again");
        }
    }

    @Test
    void selfFreezeDefersTheAddressAndFreezesTheMessage() throws Exception {
        String config = BASIC.replace("begin routers\n", """
                begin routers
                mx:
                  driver = script
                  domains = self.example
                  result = self lowest numbered MX record points to local host
                """);
        try (DeliveryFixture f = new DeliveryFixture(dir, config)) {
            MessageId id = f.submit("sender@s.example", "x@self.example");
            assertEquals(DeliveryStatus.DEFERRED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertTrue(f.header(id).frozenAt().isPresent());
            List<String> lines = f.mainlogLines();
            assertTrue(lines.contains(id + " lowest numbered MX record points to local host: self.example"),
                    f.mainlog());
            assertTrue(lines.contains(id + " == x@self.example R=mx defer (0): lowest numbered MX record points"
                    + " to local host"), f.mainlog());
            assertEquals(id + " Frozen", lines.get(lines.size() - 1), f.mainlog());
        }
    }

    @Test
    void ignoreBounceErrorsAfterDiscardsAFrozenBounce() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, "ignore_bounce_errors_after = 2d\n" + BASIC)) {
            MessageId id = f.submit("", "x@fail.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            f.advance(3 * 86400);
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            List<String> lines = f.mainlogLines();
            assertTrue(lines.contains(id + " Unfrozen by errmsg timer"), f.mainlog());
            assertTrue(lines.contains(id + " x@fail.example: error ignored"), f.mainlog());
            assertEquals(id + " Completed", lines.get(lines.size() - 1));
        }
    }

    @Test
    void timeoutFrozenAfterCancelsAndBouncesAFrozenMessage() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, "timeout_frozen_after = 1d\n" + BASIC)) {
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.spool.writeHeader(f.header(id).toBuilder().variable("frozen", Long.toString(f.now())).build());
            f.advance(2 * 86400);
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            assertTrue(f.mainlogLines().contains(id + " cancelled by timeout_frozen_after"), f.mainlog());
            RecordingTransports.Call bounce = f.transports.calls.get(0);
            assertEquals(List.of("sender@s.example"), bounce.addresses());
            assertTrue(bounce.message().contains("delivery cancelled; message timed out"), bounce.message());
        }
    }

    @Test
    void autoThawThawsAfterItsTime() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, "auto_thaw = 1h\n" + BASIC)) {
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.spool.writeHeader(f.header(id).toBuilder().variable("frozen", Long.toString(f.now())).build());
            f.advance(60);
            assertEquals(DeliveryStatus.NOT_ATTEMPTED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            f.advance(3600);
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            assertTrue(f.mainlogLines().contains(id + " Unfrozen by auto-thaw"), f.mainlog());
        }
    }

    @Test
    void multiDomainFalseKeepsDomainsInSeparateCalls() throws Exception {
        for (boolean multi : new boolean[] {true, false}) {
            Path d = Files.createDirectories(dir.resolve("multi-" + multi));
            String config = BASIC.replace("  max_rcpt = 1\n", multi ? "" : "  multi_domain = false\n");
            try (DeliveryFixture f = new DeliveryFixture(d, config)) {
                MessageId id = f.submit("sender@s.example", "a@one.remote.example", "b@two.remote.example",
                        "c@one.remote.example");
                f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
                assertEquals(multi ? List.of(List.of("a@one.remote.example", "b@two.remote.example",
                        "c@one.remote.example")) : List.of(List.of("a@one.remote.example", "c@one.remote.example"),
                        List.of("b@two.remote.example")), f.transports.addresses().stream()
                        .sorted(java.util.Comparator.comparing(l -> l.get(0))).toList(), "calls run in parallel");
            }
        }
    }

    @Test
    void messageSizeCountsTheBlankLineBeforeTheBodyAsEximDoes() throws Exception {
        String config = BASIC.replace("{defer not now}{ok}}", "{defer not now}{fail size $message_size}}");
        try (DeliveryFixture f = new DeliveryFixture(dir, config)) {
            List<String> headers = List.of("Subject: s\n", "X-Folded: a\n\tb\n");
            MessageId id = f.submit("sender@s.example", headers, "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            // Exim's spool_in.c: the headers, "one for the newline before the data", the body.
            long size = "Subject: s\n".length() + "X-Folded: a\n\tb\n".length() + 1 + ("Body of " + id + "\n").length();
            assertTrue(f.mainlogLines().contains(id + " ** user@local.example R=local T=local_t: size " + size),
                    f.mainlog());
        }
    }

    @Test
    void aDeferralWithAnEmptyRetryKeyWritesNoRetryRecord() throws Exception {
        String config = BASIC.replace("  sleep = 200\n", "  sleep = 200\n  outcome = norecord SMTP timeout\n")
                + "\nbegin retry\n* * F,1h,15m\n";
        try (DeliveryFixture f = new DeliveryFixture(dir, config)) {
            MessageId id = f.submit("sender@s.example", "user@a.remote.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertTrue(f.onQueue(id));
            assertTrue(f.hints.get(HintsStore.RETRY, "").isEmpty());
            assertTrue(f.hints.get(HintsStore.RETRY, "R:user@a.remote.example").isEmpty());
            f.advance(60);
            f.engine.deliver(id, DeliveryRequest.QUEUE_RUN);
            assertEquals(2, f.transports.calls.size(), "no retry time holds it back");
        }
    }

    @Test
    void aLocalDeferralWaitsForItsRetryTimeInQueueRunsButNotWhenForced() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC + "\nbegin retry\n* * F,1h,15m\n")) {
            Files.createFile(dir.resolve("defer-user"));
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            // Exim 4.96 (exim_dumpdb): a local transport keys its retry record on the whole address.
            String key = "T:user@local.example";
            assertTrue(f.hints.get(HintsStore.RETRY, key).isPresent(), "a retry record for the local delivery");

            f.advance(60);
            f.engine.deliver(id, DeliveryRequest.QUEUE_RUN);
            assertEquals(1, f.transports.calls.size(), "not tried before its retry time");
            assertTrue(f.mainlogLines().contains(
                    id + " == user@local.example R=local T=local_t defer (-53): retry time not reached"), f.mainlog());

            f.engine.deliver(id, DeliveryRequest.queueRun(true, false));
            assertEquals(2, f.transports.calls.size(), "-qf ignores the retry time");
            Files.delete(dir.resolve("defer-user"));
            f.advance(16 * 60);
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            assertTrue(f.hints.get(HintsStore.RETRY, key).isEmpty(), "success deletes the record");
        }
    }

    @Test
    void aDeferralPastTheLastRetryTimeFailsTheAddress() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC + "\nbegin retry\n* * F,1h,15m\n")) {
            Files.createFile(dir.resolve("defer-user"));
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            f.advance(2 * 3600);
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
            assertTrue(f.mainlogLines().contains(id + " ** user@local.example R=local T=local_t: retry timeout exceeded"),
                    f.mainlog());
        }
    }

    @Test
    void blackholeIsDiscardedAsDelivered() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            MessageId id = f.submit("sender@s.example", "nobody@local.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(List.of(id + " => :blackhole: <nobody@local.example> R=blackhole", id + " Completed"),
                    f.mainlogLines());
            assertTrue(f.transports.calls.isEmpty());
        }
    }

    @Test
    void remoteBatchesRunInParallelUpToRemoteMaxParallel() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            MessageId id = f.submit("sender@s.example", "a@one.remote.example", "b@two.remote.example",
                    "c@three.remote.example", "d@four.remote.example", "e@five.remote.example",
                    "f@six.remote.example");
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            assertEquals(6, f.transports.calls.size(), "max_rcpt = 1: " + f.transports.addresses());
            assertTrue(f.transports.mostAtOnce.get() > 1, "parallel: " + f.transports.mostAtOnce.get());
            assertTrue(f.transports.mostAtOnce.get() <= 4, "at most remote_max_parallel");
        }
    }

    @Test
    void localBatchesHonourBatchMaxAndTheDomain() throws Exception {
        // The transport names $domain (not $local_part): addresses of one domain share a batch.
        String batched = BASIC.replace("  driver = testlocal\n", "  driver = testlocal\n  batch_max = 2\n")
                .replace("defer-$local_part", "defer-$domain");
        try (DeliveryFixture f = new DeliveryFixture(dir, batched)) {
            MessageId id = f.submit("sender@s.example", "a@local.example", "b@local.example", "c@local.example",
                    "d@other.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(List.of(List.of("a@local.example", "b@local.example"), List.of("c@local.example"),
                    List.of("d@other.example")), f.transports.addresses());
            List<String> lines = f.mainlogLines();
            assertEquals(id + " => a <a@local.example> R=local T=local_t", lines.get(0));
            assertEquals(id + " -> b <b@local.example> R=local T=local_t", lines.get(1));
        }
    }

    @Test
    void aLocalTransportThatNamesTheLocalPartBatchesNoTwoLocalParts() throws Exception {
        // deliver.c's readconf_depends: BASIC's outcome option names $local_part.
        String batched = BASIC.replace("  driver = testlocal\n", "  driver = testlocal\n  batch_max = 2\n");
        try (DeliveryFixture f = new DeliveryFixture(dir, batched)) {
            MessageId id = f.submit("sender@s.example", "a@local.example", "b@local.example", "a@other.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(List.of(List.of("a@local.example", "a@other.example"), List.of("b@local.example")),
                    f.transports.addresses());
        }
    }

    @Test
    void aLocalBatchMixesDomainsUnlessItsBatchIdDiffers() throws Exception {
        String batched = BASIC.replace("  driver = testlocal\n", "  driver = testlocal\n  batch_max = 10\n")
                .replace("defer-$local_part", "defer-none");
        try (DeliveryFixture f = new DeliveryFixture(dir, batched)) {
            MessageId id = f.submit("sender@s.example", "a@local.example", "b@other.example", "c@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(List.of(List.of("a@local.example", "b@other.example", "c@local.example")),
                    f.transports.addresses());
        }
        java.nio.file.Files.createDirectories(dir.resolve("2"));
        try (DeliveryFixture f = new DeliveryFixture(dir.resolve("2"), batched.replace("  batch_max = 10\n",
                "  batch_max = 10\n  batch_id = ${uc:$original_domain}\n"))) {
            MessageId id = f.submit("sender@s.example", "a@local.example", "b@other.example", "c@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(List.of(List.of("a@local.example", "c@local.example"), List.of("b@other.example")),
                    f.transports.addresses());
        }
    }

    @Test
    void headerChangesOfRouterAndTransportAreApplied() throws Exception {
        String text = BASIC.replace("  transport = local_t\n",
                "  transport = local_t\n  headers_add = X-Router: $local_part\n  headers_remove = Subject\n")
                .replace("  driver = testlocal\n", "  driver = testlocal\n  return_path_add\n  envelope_to_add\n"
                        + "  headers_add = X-Transport: yes\n");
        try (DeliveryFixture f = new DeliveryFixture(dir, text)) {
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            String m = f.transports.calls.get(0).message();
            assertTrue(m.startsWith("Return-path: <sender@s.example>\nEnvelope-to: user@local.example\n"), m);
            assertFalse(m.contains("Subject:"), m);
            assertTrue(m.contains("X-Router: user\nX-Transport: yes\n\n"), m);
        }
    }

    @Test
    void giveUpBouncesEveryAddress() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            Files.createFile(dir.resolve("defer-user"));
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.GIVE_UP));
            RecordingTransports.Call bounce = f.transports.calls.get(f.transports.calls.size() - 1);
            assertEquals(List.of("sender@s.example"), bounce.addresses());
            assertTrue(bounce.message().contains("delivery cancelled by administrator"), bounce.message());
        }
    }

    @Test
    void aLockedMessageIsLeftAlone() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC)) {
            MessageId id = f.submit("sender@s.example", "user@local.example");
            try (var lock = f.spool.lock(id).orElseThrow()) {
                assertEquals(DeliveryStatus.LOCKED, f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE));
            }
            assertTrue(f.transports.calls.isEmpty());
        }
    }

    @Test
    void aDelayWarningIsSentOnceDue() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, "delay_warning = 1h\n" + BASIC + "\nbegin retry\n* * F,1d,15m\n")) {
            Files.createFile(dir.resolve("defer-user"));
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertEquals(1, f.transports.calls.size());
            f.advance(2 * 3600);
            f.engine.deliver(id, DeliveryRequest.queueRun(true, false));
            // Exim counts the warnings due by now (1h, 2h), though it sends one message.
            assertEquals(2, f.header(id).warningCount());
            assertEquals(3, f.transports.calls.size(), "two attempts and one warning");
            RecordingTransports.Call warning = f.transports.calls.get(f.transports.calls.size() - 1);
            assertEquals(List.of("sender@s.example"), warning.addresses());
            assertTrue(warning.message().contains("Action: delayed"), warning.message());
        }
    }

    @Test
    void losingTheHintsLosesNoMail() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(dir, BASIC + "\nbegin retry\n* * F,1d,1h\n")) {
            Files.createFile(dir.resolve("defer-user"));
            MessageId id = f.submit("sender@s.example", "user@local.example");
            f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            assertFalse(f.hints.databases().isEmpty());
            f.hints.clear();
            Files.delete(dir.resolve("defer-user"));
            f.advance(60);
            // Without its retry record the address is simply tried again.
            assertEquals(DeliveryStatus.COMPLETED, f.engine.deliver(id, DeliveryRequest.QUEUE_RUN));
        }
    }
}
