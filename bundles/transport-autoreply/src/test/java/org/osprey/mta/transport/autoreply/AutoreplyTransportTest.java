package org.osprey.mta.transport.autoreply;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;

/**
 * The reply and the files, checked against what Exim 4.96 made of the same configuration
 * (exim-reference: an accept router to an autoreply transport, the original submitted with
 * -odq and delivered with -M; the reply read from the spool, where queue_only kept it). What
 * the transport hands to the submitter is the reply's -H headers without the three that the
 * submission adds (Received:, Message-Id:, Date:), a blank line, and its -D body.
 */
class AutoreplyTransportTest {
    private static final Address USER = Address.of("user", "test.ex");
    /** 2026-11-22 04:11:35 UTC, the time of the reference run. */
    private static final long NOW = 0x6b026b77L;

    @TempDir
    Path dir;

    private static final TestMessage ORIGINAL = new TestMessage("1xUyvP-00044I-0c", "someone@example.org", List.of(
            new Header("Received", "from root by test.example with local (Exim 4.96)\n"
                    + "\t(envelope-from <someone@example.org>)\n\tid 1xUyvP-00044I-0c\n\tfor user@test.ex;\n"
                    + "\tSun, 22 Nov 2026 04:11:35 +0000"),
            new Header("From", "Someone <someone@example.org>"),
            new Header("To", "user@test.ex"),
            new Header("Subject", "Hello there"),
            new Header("Message-ID", "<orig-1@example.org>"),
            new Header("References", "<a@b> <c@d>"),
            new Header("Date", "Sun, 22 Nov 2026 04:11:35 +0000")),
            "Body line 1\nBody line 2\n");

    private static Transport transport(String... settings) throws Exception {
        OptionValues.Builder values = OptionValues.builder(AutoreplyOptions.TABLE);
        for (int i = 0; i < settings.length; i += 2) {
            values.set(settings[i], settings[i + 1]);
        }
        return new AutoreplyTransportDriver().create(new DriverConfig("t_auto", values.build()));
    }

    private static TestExpander expander(long now, String sender) {
        Map<String, String> vars = new HashMap<>(Map.of("local_part", "user", "domain", "test.ex",
                "sender_address", sender, "h_subject:", "Hello there", "tod_epoch", Long.toString(now),
                "tod_log", "2026-11-22 04:11:35"));
        return new TestExpander(vars);
    }

    private static TestDelivery delivery(long now, String sender) {
        return new TestDelivery(ORIGINAL, expander(now, sender), USER);
    }

    private static Outcome outcome(Transport t, TestDelivery d) {
        return t.deliver(d).outcome(USER).orElseThrow();
    }

    /** The reference configuration's transport, with its files in the test's directory. */
    private Transport full(String... more) throws Exception {
        Files.writeString(dir.resolve("extra.txt"),
                "Line one for $local_part\nLine two ${if def:local_part{yes}{no}}\nLine three $nosuch_var\n");
        String[] base = {"from", "Vacation <vacation@test.ex>", "reply_to", "noreply@test.ex",
            "to", "$sender_address", "cc", "boss@test.ex", "bcc", "secret@test.ex", "subject", "Re: $h_subject:",
            "headers", "X-Auto: yes\\nX-Second: two", "text", "I am away.\\nBack on Monday.",
            "file", dir.resolve("extra.txt").toString(), "file_expand", "true", "log", dir.resolve("log.txt").toString(),
            "once", dir.resolve("once.db").toString(), "once_file_size", "200", "return_message", "true"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return transport(all);
    }

    private static final String FULL_REPLY = """
            From: Vacation <vacation@test.ex>
            Reply-To: noreply@test.ex
            To: someone@example.org
            Cc: boss@test.ex
            Bcc: secret@test.ex
            Subject: Re: Hello there
            In-Reply-To: <orig-1@example.org>
            References: <a@b> <c@d> <orig-1@example.org>
            Auto-Submitted: auto-replied
            X-Auto: yes
            X-Second: two

            I am away.
            Back on Monday.
            Line one for user
            Line two yes
            Line three $nosuch_var

            ------ This is a copy of the message, including all the headers.

            Received: from root by test.example with local (Exim 4.96)
            \t(envelope-from <someone@example.org>)
            \tid 1xUyvP-00044I-0c
            \tfor user@test.ex;
            \tSun, 22 Nov 2026 04:11:35 +0000
            From: Someone <someone@example.org>
            To: user@test.ex
            Subject: Hello there
            Message-ID: <orig-1@example.org>
            References: <a@b> <c@d>
            Date: Sun, 22 Nov 2026 04:11:35 +0000

            Body line 1
            Body line 2
            """;

    private static final String FULL_LOG = """
            2026-11-22 04:11:35
              From: Vacation <vacation@test.ex>
              To: someone@example.org
              Cc: boss@test.ex
              Bcc: secret@test.ex
              Subject: Re: Hello there
              X-Auto: yes
            X-Second: two
            """;

    private static byte[] record(long time, String to) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            b.write((int) (time >>> (8 * i)) & 0xff);
        }
        b.writeBytes(to.getBytes(StandardCharsets.ISO_8859_1));
        b.write(0);
        return b.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    @Test
    void theReplyTheOnceFileAndTheLogAreExim496sByteForByte() throws Exception {
        TestDelivery d = delivery(NOW, "someone@example.org");
        assertEquals(new Outcome.Delivered(""), outcome(full(), d));
        assertEquals(List.of(FULL_REPLY), d.submitted);
        assertArrayEquals(record(NOW, "someone@example.org"), Files.readAllBytes(dir.resolve("once.db")));
        assertEquals(FULL_LOG, Files.readString(dir.resolve("log.txt")));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("once.db"))));
    }

    @Test
    void aSecondMessageFromTheSameSenderGetsNoReplyAndTheLogSaysSo() throws Exception {
        Transport t = full();
        outcome(t, delivery(NOW, "someone@example.org"));
        TestDelivery second = delivery(NOW + 1, "someone@example.org");
        assertEquals(new Outcome.Delivered(""), outcome(t, second));
        assertTrue(second.submitted.isEmpty());
        assertEquals(FULL_LOG + "2026-11-22 04:11:35\n  previously sent to someone@example.org\n",
                Files.readString(dir.resolve("log.txt")));
        assertArrayEquals(record(NOW, "someone@example.org"), Files.readAllBytes(dir.resolve("once.db")));
    }

    @Test
    void onceRepeatSendsAgainWhenTheIntervalHasPassedAndRecordsTheNewTime() throws Exception {
        Transport t = full("once_repeat", "1h");
        outcome(t, delivery(NOW, "someone@example.org"));
        TestDelivery early = delivery(NOW + 3599, "someone@example.org");
        outcome(t, early);
        assertTrue(early.submitted.isEmpty());
        TestDelivery due = delivery(NOW + 3600, "someone@example.org");
        outcome(t, due);
        assertEquals(1, due.submitted.size());
        assertArrayEquals(record(NOW + 3600, "someone@example.org"), Files.readAllBytes(dir.resolve("once.db")));
    }

    @Test
    void withoutOnceFileSizeTheRecordsAreInTheHintsStoreWhereEximHasItsDbmFile() throws Exception {
        Transport t = full("once_file_size", "0", "once_repeat", "1h");
        MemoryHints hints = new MemoryHints();
        String once = dir.resolve("once.db").toString();
        outcome(t, delivery(NOW, "a@x.org").withHints(hints));
        outcome(t, delivery(NOW + 1, "b@y.org").withHints(hints));
        TestDelivery again = delivery(NOW + 2, "a@x.org").withHints(hints);
        outcome(t, again);
        assertTrue(again.submitted.isEmpty());
        assertEquals(Map.of("autoreply/" + once + "\na@x.org", Long.toString(NOW),
                "autoreply/" + once + "\nb@y.org", Long.toString(NOW + 1)), hints.records);
        assertFalse(Files.exists(dir.resolve("once.db")));
        TestDelivery due = delivery(NOW + 3600, "a@x.org").withHints(hints);
        outcome(t, due);
        assertEquals(1, due.submitted.size());
        assertEquals(Long.toString(NOW + 3600), hints.records.get("autoreply/" + once + "\na@x.org"));
        TestDelivery elsewhere = delivery(NOW + 3601, "a@x.org").withHints(new MemoryHints());
        outcome(t, elsewhere);
        assertEquals(1, elsewhere.submitted.size(), "another once file, or lost hints: a reply again");
    }

    /** Exim 4.96 with once_file_size = 50, four replies: the oldest record goes, and the file is never truncated. */
    @Test
    void theCyclicOnceFileDropsItsOldestRecordAsEximWritesIt() throws Exception {
        Transport t = full("once_file_size", "50");
        String[] senders = {"aa@x.org", "bbbbbb@y.org", "cc@z.org", "aa@x.org"};
        long[] times = {0x6b026b7aL, 0x6b026b7cL, 0x6b026b7dL, 0x6b026b7eL};
        for (int i = 0; i < senders.length; i++) {
            TestDelivery d = delivery(times[i], senders[i]);
            outcome(t, d);
            assertEquals(1, d.submitted.size(), senders[i]);
        }
        byte[] expected = concat(record(times[2], "cc@z.org"), record(times[3], "aa@x.org"),
                "org\0".getBytes(StandardCharsets.ISO_8859_1));
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("once.db")));
    }

    @Test
    void aMissingFileDefersInEximsWords() throws Exception {
        Path missing = dir.resolve("missing.txt");
        TestDelivery d = delivery(NOW, "someone@example.org");
        Outcome o = outcome(full("file", missing.toString()), d);
        assertEquals(new Outcome.Deferred("T:user@test.ex", "Failed to open file " + missing
                + " when sending message from t_auto transport: No such file or directory",
                org.osprey.mta.kernel.transport.ErrorClass.OTHER, 0), o);
        assertTrue(d.submitted.isEmpty());
    }

    @Test
    void anOptionalMissingFileIsLeftOut() throws Exception {
        TestDelivery d = delivery(NOW, "someone@example.org");
        Transport t = transport("to", "$sender_address", "subject", "Re: S", "text", "I am away.",
                "file", dir.resolve("missing.txt").toString(), "file_optional", "true");
        assertEquals(new Outcome.Delivered(""), outcome(t, d));
        assertEquals("""
                To: someone@example.org
                Subject: Re: S
                In-Reply-To: <orig-1@example.org>
                References: <a@b> <c@d> <orig-1@example.org>
                Auto-Submitted: auto-replied

                I am away.
                """, d.submitted.get(0));
    }

    @Test
    void theFileIsCopiedAsItIsWithoutFileExpand() throws Exception {
        Files.writeString(dir.resolve("plain.txt"), "Dear $local_part\nno newline at the end");
        TestDelivery d = delivery(NOW, "someone@example.org");
        outcome(transport("to", "x@y.z", "file", dir.resolve("plain.txt").toString()), d);
        assertTrue(d.submitted.get(0).endsWith("Auto-Submitted: auto-replied\n\nDear $local_part\n"
                + "no newline at the end"), d.submitted.get(0));
    }

    @Test
    void neverMailRemovingEveryRecipientSendsNothingAndLogsNothing() throws Exception {
        TestDelivery d = delivery(NOW, "someone@example.org");
        Transport t = transport("to", "$sender_address", "subject", "Re: S", "text", "x",
                "log", dir.resolve("log.txt").toString(), "never_mail", "*@example.org : other@x");
        assertEquals(new Outcome.Delivered(""), outcome(t, d));
        assertTrue(d.submitted.isEmpty());
        assertFalse(Files.exists(dir.resolve("log.txt")));
    }

    @Test
    void neverMailTakesOnlyTheMatchingAddressesOutOfEachField() throws Exception {
        TestDelivery d = delivery(NOW, "someone@example.org");
        Transport t = transport("to", "A <a@x.org>, b@y.org", "cc", "c@x.org (C), d@x.org",
                "bcc", "a@x.org", "never_mail", "a@x.org : d@x.org");
        outcome(t, d);
        // As Exim 4.96 wrote it: check_never_mail moves the rest of the text up, keeping the space after the comma.
        assertTrue(d.submitted.get(0).startsWith("To:  b@y.org\nCc: c@x.org (C)\nIn-Reply-To:"), d.submitted.get(0));
    }

    /** Exim 4.96 with no to, cc or bcc: its child logs "no recipients", and the delivery and the log entry stand. */
    @Test
    void aReplyWithoutRecipientsIsNotAFailure() throws Exception {
        TestDelivery d = delivery(NOW, "someone@example.org").withoutRecipients();
        Transport t = transport("from", "Vacation <vacation@test.ex>", "subject", "Re: S",
                "headers", "X-Auto: yes\\nX-Second: two", "log", dir.resolve("log.txt").toString());
        assertEquals(new Outcome.Delivered(""), outcome(t, d));
        assertEquals("2026-11-22 04:11:35\n  From: Vacation <vacation@test.ex>\n  Subject: Re: S\n  X-Auto: yes\n"
                + "X-Second: two\n", Files.readString(dir.resolve("log.txt")));
    }

    @Test
    void aRefusedReplyDefersButStillCountsForOnce() throws Exception {
        TestDelivery d = delivery(NOW, "someone@example.org").refusing(1);
        Outcome o = outcome(full(), d);
        assertEquals(new Outcome.Deferred("T:user@test.ex", "Failed to send message from t_auto transport (1)",
                org.osprey.mta.kernel.transport.ErrorClass.OTHER, 0), o);
        assertArrayEquals(record(NOW, "someone@example.org"), Files.readAllBytes(dir.resolve("once.db")));
        assertFalse(Files.exists(dir.resolve("log.txt")));
    }

    @Test
    void expansionProblemsFailTheAddress() throws Exception {
        assertEquals(new Outcome.Failed("Expansion of \"$nosuch\" failed in t_auto transport: "
                + "unknown variable name \"nosuch\""),
                outcome(transport("to", "$nosuch"), delivery(NOW, "s@x")));
        assertEquals(new Outcome.Failed("Expansion of \"Re:\\tx\" in t_auto transport contains non-printing "
                + "character 9"), outcome(transport("subject", "Re:\\tx"), delivery(NOW, "s@x")));
        assertEquals(new Outcome.Failed("Invalid time value \"xx\" for \"once_repeat\" in t_auto transport"),
                outcome(transport("to", "a@b", "once_repeat", "xx"), delivery(NOW, "s@x")));
    }

    /** checkexpand lets a newline through before a space or tab, but then checks the tab itself. */
    @Test
    void aHeaderValueMayContinueOnALineIndentedWithASpace() throws Exception {
        TestDelivery d = delivery(NOW, "s@x");
        assertEquals(new Outcome.Delivered(""), outcome(transport("to", "a@b,\\n c@d"), d));
        assertTrue(d.submitted.get(0).startsWith("To: a@b,\n c@d\n"));
        assertEquals(new Outcome.Failed("Expansion of \"a@b,\\n\\tc@d\" in t_auto transport contains non-printing "
                + "character 9"), outcome(transport("to", "a@b,\\n\\tc@d"), delivery(NOW, "s@x")));
    }

    @Test
    void referencesKeepTheFirstAndTheLastElevenIds() {
        StringBuilder refs = new StringBuilder();
        for (int i = 1; i <= 14; i++) {
            refs.append(" <r").append(i).append("@x>");
        }
        String line = ReplyMessage.references(List.of(new Header("References", refs.toString())), "<m@x>\n");
        assertEquals("References: <r1@x> <r4@x> <r5@x> <r6@x> <r7@x> <r8@x> <r9@x> <r10@x> <r11@x> <r12@x>"
                + " <r13@x> <r14@x> <m@x>\n", line);
        assertEquals("References: <a@b>\n",
                ReplyMessage.references(List.of(new Header("In-Reply-To", "(c) <a@b> junk <c@d>")), null));
        assertEquals("", ReplyMessage.references(List.of(new Header("Subject", "x")), null));
    }

    @Test
    void aLargeBodyIsCutAndTheRubricSaysHowLongItWas() throws Exception {
        String body = "x".repeat(99) + "\n";
        TestMessage big = new TestMessage("1xUyvP-00044I-0c", "s@x", List.of(new Header("Subject", "big")),
                body.repeat(1100));
        TestDelivery d = new TestDelivery(big, expander(NOW, "s@x"), USER);
        outcome(transport("to", "a@b", "return_message", "true"), d);
        String reply = d.submitted.get(0);
        assertTrue(reply.contains("\n------ This is a copy of the message, including all the headers.\n"
                + "------ The body of the message is 110019 characters long; only the first\n"
                + "------ 106000 or so are included here.\n\nSubject: big\n\nxxx"), reply);
        assertEquals(102400, reply.length() - reply.indexOf("Subject: big\n\n") - "Subject: big\n\n".length(),
                "cut at 100K of body");
    }
}
