package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.appendfile.Fixture.assertDelivered;
import static org.osprey.mta.transport.appendfile.Fixture.deferred;
import static org.osprey.mta.transport.appendfile.Fixture.transport;
import static org.osprey.mta.transport.appendfile.Fixture.variables;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/** use_bsmtp, the quota options beyond quota itself, maildirsize and maildir_tag. */
class QuotaAndBatchTest {
    @TempDir
    Path dir;

    private static UserDelivery delivery(TestMessage m, Map<String, String> vars, Address... batch) {
        return new UserDelivery(m, batch.length == 0 ? List.of(Fixture.USER) : List.of(batch), new TestExpander(vars),
                null);
    }

    @Test
    void batchedSmtpIsWrittenAsExim496WritesIt() throws Exception {
        Path out = dir.resolve("out");
        Transport t = transport("file", out.toString(), "use_bsmtp", "true", "batch_max", "3");
        TestMessage m = new TestMessage("sender@example.org", List.of(new Header("From", "a@example.com"),
                new Header("Subject", "s")), ".leading dot\nFrom the start\n..two\nend\n");
        TransportResult r = t.deliver(delivery(m, variables("return_path", "sender@example.org"),
                Address.of("x", "example.com"), Address.of("y", "example.com")));
        r.outcomes().values().forEach(Fixture::assertDelivered);
        // exim-reference with the same transport (its Received:, Message-Id: and Date: left out):
        // no "From " line, no blank line after, "From " not escaped, dots doubled, a dot line.
        assertEquals("MAIL FROM:<sender@example.org>\nRCPT TO:<x@example.com>\nRCPT TO:<y@example.com>\nDATA\n"
                + "From: a@example.com\nSubject: s\n\n..leading dot\nFrom the start\n...two\nend\n.\n",
                Files.readString(out));
    }

    @Test
    void batchedSmtpWithCrlfAndAPrefix() throws Exception {
        Path out = dir.resolve("out");
        Transport t = transport("file", out.toString(), "use_bsmtp", "true", "use_crlf", "true",
                "message_prefix", "HELO host\\n", "message_suffix", "QUIT\\n");
        assertDelivered(t.deliver(delivery(TestMessage.simple(".\n"), variables())).outcome(Fixture.USER)
                .orElseThrow());
        assertEquals("HELO host\nMAIL FROM:<sender@example.com>\r\nRCPT TO:<user@example.com>\r\nDATA\r\n"
                + "From: sender@example.com\r\nSubject: test\r\n\r\n..\r\nQUIT\n.\r\n", Files.readString(out));
    }

    @Test
    void crossingTheWarningThresholdSubmitsEximsWarning() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString(), "quota", "10K", "quota_warn_threshold", "50");
        Map<String, String> vars = variables("qualify_domain", "example.com");
        UserDelivery first = delivery(TestMessage.simple("body\n"), vars);
        assertDelivered(t.deliver(first).outcome(Fixture.USER).orElseThrow());
        assertEquals(List.of("Auto-Submitted: auto-replied\n"
                + "From: Mail Delivery System <Mailer-Daemon@example.com>\n"
                + "To: user@example.com\n"
                + "Subject: Your mailbox\n\n"
                + "This message is automatically created by mail delivery software (Exim).\n\n"
                + "The size of your mailbox has exceeded a warning threshold that is\n"
                + "set by the system administrator.\n"), first.submitted, "as exim-reference delivered it");
        UserDelivery second = delivery(TestMessage.simple("body\n"), vars);
        assertDelivered(t.deliver(second).outcome(Fixture.USER).orElseThrow());
        assertEquals(List.of(), second.submitted, "only the delivery that crosses the threshold warns");
    }

    @Test
    void theWarningTakesDsnFromAndErrorsReplyToFromTheMainOptions() throws Exception {
        // deliver.c: Reply-To: errors_reply_to first, then Auto-Submitted:, then moan_write_from's dsn_from.
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString(), "quota", "10K", "quota_warn_threshold", "50");
        UserDelivery d = delivery(TestMessage.simple("body\n"), variables("qualify_domain", "example.com"));
        d.mainOptions.put("dsn_from", "Postmaster <pm@$qualify_domain>");
        d.mainOptions.put("errors_reply_to", "help@example.com");
        assertDelivered(t.deliver(d).outcome(Fixture.USER).orElseThrow());
        assertEquals(1, d.submitted.size());
        assertTrue(d.submitted.get(0).startsWith("Reply-To: help@example.com\nAuto-Submitted: auto-replied\n"
                + "From: Postmaster <pm@example.com>\nTo: user@example.com\n"), d.submitted.get(0));
    }

    @Test
    void aPercentageThresholdAndAnOwnMessageWithItsFrom() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "x".repeat(40));
        Transport t = transport("file", box.toString(), "quota", "100", "quota_warn_threshold", "50%",
                "quota_warn_message", "From: postmaster@example.com\\nTo: $local_part@$domain\\nSubject: full\\n\\n",
                "message_prefix", "", "message_suffix", "");
        UserDelivery d = delivery(TestMessage.simple("ab\n"), variables());
        assertDelivered(t.deliver(d).outcome(Fixture.USER).orElseThrow());
        assertEquals(List.of("Auto-Submitted: auto-replied\nFrom: postmaster@example.com\nTo: user@example.com\n"
                + "Subject: full\n\n"), d.submitted);
        Transport noQuota = transport("file", dir.resolve("other").toString(), "quota_warn_threshold", "1%");
        UserDelivery e = delivery(TestMessage.simple("ab\n"), variables());
        assertDelivered(noQuota.deliver(e).outcome(Fixture.USER).orElseThrow());
        assertEquals(List.of(), e.submitted, "a percentage of no quota is no threshold");
        Transport bad = transport("file", dir.resolve("bad").toString(), "quota", "1K", "quota_warn_threshold",
                "101%");
        assertEquals("Invalid quota_warn_threshold percentage (101) for t transport",
                deferred(bad.deliver(delivery(TestMessage.simple("x\n"), variables())).outcome(Fixture.USER)
                        .orElseThrow()).message());
    }

    @Test
    void theFileCountQuotaOfADirectory() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "1M",
                "quota_filecount", "5");
        // As exim-reference counts: every entry below the maildir, tmp, new and cur included, so the
        // third message would make six.
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("1\n")));
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("2\n")));
        Outcome.Deferred d = deferred(Fixture.deliverOne(t, TestMessage.simple("3\n")));
        assertTrue(d.message().matches("mailbox is full \\(MTA-imposed filecount quota exceeded while writing to "
                + "tmp/\\d+\\.M\\d+P\\d+\\.host\\.example\\)"), d.message());
        assertEquals(ErrorClass.QUOTA, d.errorClass());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> transport("file", "/x", "quota_filecount", "2"));
        assertEquals("t transport: quota_filecount must not be set without \"directory\"", e.getMessage());
        ConfigurationException f = assertThrows(ConfigurationException.class,
                () -> transport("directory", "/x", "quota_filecount", "2"));
        assertEquals("t transport: quota must be set if quota_filecount is set", f.getMessage());
    }

    @Test
    void quotaSizeRegexReadsSizesFromNames() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Files.createDirectories(maildir.resolve("cur"));
        Files.writeString(maildir.resolve("cur/1.M1P1.h,S=5000:2,S"), "small on disk");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "4K");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("x\n")), "13 bytes on disk");
        Transport withRegex = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "4K",
                "quota_size_regex", ",S=(\\d+)");
        deferred(Fixture.deliverOne(withRegex, TestMessage.simple("x\n")));
    }

    @Test
    void maildirsizeIsMadeThenAppendedTo() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "10K",
                "maildir_use_size_file", "true");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("one\n")));
        Path size = maildir.resolve("maildirsize");
        long first = sizeOfNew(maildir);
        // exim-reference, same options, two deliveries: "10240S,0C\n0 0\n296 1\n296 1\n"
        assertEquals("10240S,0C\n0 0\n" + first + " 1\n", Files.readString(size),
                "counted before the first message, then its line");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("two\n")));
        long both = sizeOfNew(maildir);
        assertEquals("10240S,0C\n0 0\n" + first + " 1\n" + (both - first) + " 1\n", Files.readString(size));
        Transport other = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "20K",
                "maildir_use_size_file", "true");
        assertDelivered(Fixture.deliverOne(other, TestMessage.simple("three\n")));
        long all = sizeOfNew(maildir);
        assertEquals("20480S,0C\n" + both + " 2\n" + (all - both) + " 1\n", Files.readString(size),
                "another quota: recalculated");
    }

    @Test
    void anOverQuotaMaildirsizeIsRecalculatedWhenItHasSeveralLines() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "1K",
                "maildir_use_size_file", "true");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("one\n")));
        Path size = maildir.resolve("maildirsize");
        Files.writeString(size, "1024S,0C\n900 1\n200 1\n");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("two\n")), "recounted: far below 1K");
        Files.writeString(size, "1024S,0C\n5000 1\n");
        Files.setLastModifiedTime(size, FileTime.from(Instant.now()));
        deferred(Fixture.deliverOne(t, TestMessage.simple("three\n")));
        assertEquals("1024S,0C\n5000 1\n", Files.readString(size), "one fresh line is believed");
        Files.writeString(size, "garbage\n");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("four\n")), "a bad file is recalculated");
    }

    @Test
    void aFolderOutsideTheQuotaDirectoryRegexIsNotCounted() throws Exception {
        Path root = dir.resolve("Maildir");
        Path trash = root.resolve(".Trash");
        Files.createDirectories(root);
        Transport t = transport("directory", trash.toString(), "maildir_format", "true", "quota", "1K",
                "maildir_use_size_file", "true", "maildir_quota_directory_regex", "^(?:cur|new|\\.(?!Trash).*)$");
        Files.writeString(Files.createDirectories(trash).resolve("maildirfolder"), "");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("x".repeat(2000) + "\n")));
        assertFalse(Files.exists(root.resolve("maildirsize")), "quota disabled for the folder");
        Transport inbox = transport("directory", root.toString(), "maildir_format", "true", "quota", "1K",
                "maildir_use_size_file", "true", "maildir_quota_directory_regex", "^(?:cur|new|\\.(?!Trash).*)$");
        assertDelivered(Fixture.deliverOne(inbox, TestMessage.simple("small\n")), "the Trash is not counted");
    }

    @Test
    void maildirTagIsAddedWithTheSizeWritten() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true",
                "maildir_tag", ",S=$message_size");
        assertDelivered(Fixture.deliverOne(t, TestMessage.simple("hello\n")));
        try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
            Path only = files.findFirst().orElseThrow();
            assertEquals(",S=" + Files.size(only), only.getFileName().toString().replaceAll("^[^,]*", ""));
        }
        Path other = dir.resolve("Other");
        Transport letters = transport("directory", other.toString(), "maildir_format", "true",
                "maildir_tag", "2/x y");
        assertDelivered(Fixture.deliverOne(letters, TestMessage.simple("hello\n")));
        try (Stream<Path> files = Files.list(other.resolve("new"))) {
            assertTrue(files.findFirst().orElseThrow().getFileName().toString().endsWith(".host.example:2xy"));
        }
    }

    @Test
    void flockIsRefusedAsByAnEximWithoutIt() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> transport("file", "/x", "use_flock_lock", "true"));
        assertEquals("t transport: flock() support was not available in the operating system when this binary"
                + " was built", e.getMessage());
    }

    private static long sizeOfNew(Path maildir) throws Exception {
        long sum = 0;
        try (Stream<Path> files = Files.list(maildir.resolve("new"))) {
            for (Path p : files.toList()) {
                sum += Files.size(p);
            }
        }
        return sum;
    }
}
