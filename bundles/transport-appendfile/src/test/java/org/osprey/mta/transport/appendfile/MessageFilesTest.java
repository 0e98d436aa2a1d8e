package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.appendfile.Fixture.assertDelivered;
import static org.osprey.mta.transport.appendfile.Fixture.deferred;
import static org.osprey.mta.transport.appendfile.Fixture.deliverOne;
import static org.osprey.mta.transport.appendfile.Fixture.transport;
import static org.osprey.mta.transport.appendfile.Fixture.variables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;

class MessageFilesTest {
    @TempDir
    Path dir;

    private static List<Path> list(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

    @Test
    void maildirDeliveryLandsInNewWithTheMessageAlone() throws Exception {
        Path maildir = dir.resolve("u/Maildir");
        Transport t = transport("directory", dir + "/$local_part/Maildir", "maildir_format", "true",
                "directory_mode", "0750");
        TestMessage m = TestMessage.simple("Hello\nFrom here\n");
        assertDelivered(deliverOne(t, m, variables("local_part", "u")));

        List<Path> delivered = list(maildir.resolve("new"));
        assertEquals(1, delivered.size());
        assertArrayEquals(m.plain(), Files.readAllBytes(delivered.get(0)), "no From line, no escaping, no suffix");
        String name = delivered.get(0).getFileName().toString();
        assertTrue(name.matches("\\d+\\.M\\d{1,6}P" + ProcessHandle.current().pid() + "\\.host\\.example"), name);
        long seconds = Long.parseLong(name.substring(0, name.indexOf('.')));
        assertTrue(Math.abs(Instant.now().getEpochSecond() - seconds) < 60, name);
        assertEquals(List.of(), list(maildir.resolve("tmp")));
        assertEquals(List.of(), list(maildir.resolve("cur")));
        assertEquals(0600, Fixture.mode(delivered.get(0)));
        int dirMode = Fixture.afterUmask(dir, 0750);
        for (String d : List.of("", "tmp", "new", "cur")) {
            assertEquals(dirMode, Fixture.mode(d.isEmpty() ? maildir : maildir.resolve(d)), d);
        }
        assertEquals(dirMode, Fixture.mode(dir.resolve("u")), "superior directories too");
    }

    @Test
    void twoMaildirDeliveriesMakeTwoFiles() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true");
        assertDelivered(deliverOne(t, TestMessage.simple("one\n")));
        assertDelivered(deliverOne(t, TestMessage.simple("two\n")));
        List<Path> files = list(maildir.resolve("new"));
        assertEquals(2, files.size());
        assertNotEquals(files.get(0).getFileName(), files.get(1).getFileName());
        String both = Files.readString(files.get(0)) + Files.readString(files.get(1));
        assertTrue(both.contains("one\n") && both.contains("two\n"), both);
    }

    @Test
    void maildirPrefixAndSuffixAreWrittenWhenSet() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true",
                "message_prefix", "X-Delivered-To: $local_part@$domain\\n", "message_suffix", "--\\n");
        assertDelivered(deliverOne(t, TestMessage.simple("body\n")));
        Path file = list(maildir.resolve("new")).get(0);
        assertEquals("X-Delivered-To: user@example.com\nFrom: sender@example.com\nSubject: test\n\nbody\n--\n",
                Files.readString(file, StandardCharsets.UTF_8));
    }

    @Test
    void withoutCreateDirectoryAMissingMaildirDefers() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true",
                "create_directory", "false");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
        assertEquals("No such file or directory: stat() error for " + maildir + ": No such file or directory",
                d.message());
    }

    @Test
    void aMaildirSubdirectoryThatIsAFileDefers() throws Exception {
        Path maildir = Files.createDirectory(dir.resolve("Maildir"));
        Files.writeString(maildir.resolve("new"), "");
        Outcome.Deferred d = deferred(deliverOne(transport("directory", maildir.toString(), "maildir_format", "true"),
                TestMessage.simple("x\n")));
        assertEquals(maildir + "/new is not a directory", d.message());
    }

    @Test
    void aReadOnlyMaildirDefersAndLeavesNothing() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true", "maildir_retries", "2");
        assertDelivered(deliverOne(t, TestMessage.simple("first\n")));
        Outcome outcome;
        try (AutoCloseable restore = Fixture.readOnly(maildir.resolve("tmp"))) {
            outcome = deliverOne(t, TestMessage.simple("second\n"));
        }
        Outcome.Deferred d = deferred(outcome);
        assertTrue(Fixture.isReadOnlyError(d.message()), d.message());
        assertTrue(d.message().matches(".*: failed to open tmp/\\d+\\.M\\d+P\\d+\\.host\\.example \\(2 tries\\)"),
                d.message());
        assertEquals(ErrorClass.OTHER, d.errorClass());
        assertEquals(1, list(maildir.resolve("new")).size());
        assertEquals(List.of(), list(maildir.resolve("tmp")));
    }

    @Test
    void aFailedMaildirWriteRemovesTheTemporaryFile() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")
                .failingAfter(5, new IOException("No space left on device"))));
        assertTrue(d.message().matches("No space left on device: error while writing to tmp/\\S+"), d.message());
        assertEquals(ErrorClass.QUOTA, d.errorClass());
        assertEquals(List.of(), list(maildir.resolve("tmp")));
        assertEquals(List.of(), list(maildir.resolve("new")));
    }

    @Test
    void theMaildirQuotaCountsEveryFileBelowAndAMaildirfolderCountsItsParent() throws Exception {
        Path maildir = dir.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "200");
        TestMessage m = TestMessage.simple("x\n");
        assertDelivered(deliverOne(t, m));
        Files.writeString(maildir.resolve("cur/old"), "y".repeat(150));
        Outcome.Deferred d = deferred(deliverOne(t, m));
        assertTrue(d.message().startsWith("mailbox is full (MTA-imposed quota exceeded while writing to tmp/"),
                d.message());
        assertEquals(ErrorClass.QUOTA, d.errorClass());
        assertEquals(List.of(), list(maildir.resolve("tmp")));

        Path folder = maildir.resolve(".Archive");
        Transport sub = transport("directory", folder.toString(), "maildir_format", "true", "quota", "200");
        assertDelivered(deliverOne(sub, m), "without maildirfolder the folder is its own quota root");
        Files.writeString(folder.resolve("maildirfolder"), "");
        deferred(deliverOne(sub, m));
    }

    @Test
    void maildirFormatNeedsADirectory() throws Exception {
        Outcome.Deferred d = deferred(deliverOne(transport("file", dir + "/box", "maildir_format", "true"),
                TestMessage.simple("x\n")));
        assertEquals("maildir_format requires \"directory\" to be specified for the t transport", d.message());
    }

    @Test
    void aPlainDirectoryGetsOneFileNamedAsEximNamesIt() throws Exception {
        Path out = dir.resolve("out/queue");
        Transport t = transport("directory", out.toString());
        TestMessage m = TestMessage.simple("From the plain form\n");
        long before = Instant.now().getEpochSecond();
        assertDelivered(deliverOne(t, m));
        List<Path> files = list(out);
        assertEquals(1, files.size(), files.toString());
        Path file = files.get(0);
        String name = file.getFileName().toString();
        assertTrue(name.matches("q[0-9A-Za-z]{6}-" + FileFacts.inode(file)), name);
        String stamp = name.substring(1, 7);
        assertTrue(stamp.equals(MessageFiles.base62(before)) || stamp.equals(MessageFiles.base62(before + 1)),
                stamp);
        assertArrayEquals(m.plain(), Files.readAllBytes(file), "no mailbox affixes or escaping by default");
        assertEquals(0600, Fixture.mode(file));
    }

    @Test
    void twoPlainDirectoryDeliveriesMakeTwoFiles() throws Exception {
        Transport t = transport("directory", dir.toString());
        assertDelivered(deliverOne(t, TestMessage.simple("one\n")));
        assertDelivered(deliverOne(t, TestMessage.simple("two\n")));
        assertEquals(2, list(dir).size());
    }

    @Test
    void aFailedPlainDirectoryWriteLeavesNothing() throws Exception {
        Transport t = transport("directory", dir.toString());
        deferred(deliverOne(t, TestMessage.simple("x\n").failingAfter(2, new IOException("Input/output error"))));
        assertEquals(List.of(), list(dir));
    }

    @Test
    void base62IsEximsSixDigits() {
        assertEquals("000000", MessageFiles.base62(0));
        assertEquals("00000z", MessageFiles.base62(61));
        assertEquals("000010", MessageFiles.base62(62));
        assertEquals("1WkFxA", MessageFiles.base62(1_400_000_000L), "as exim -be '${base62:1400000000}' prints");
    }
}
