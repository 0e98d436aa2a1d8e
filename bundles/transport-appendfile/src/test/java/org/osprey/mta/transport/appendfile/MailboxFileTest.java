package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.appendfile.Fixture.assertDelivered;
import static org.osprey.mta.transport.appendfile.Fixture.deferred;
import static org.osprey.mta.transport.appendfile.Fixture.deliverOne;
import static org.osprey.mta.transport.appendfile.Fixture.transport;
import static org.osprey.mta.transport.appendfile.Fixture.variables;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;

class MailboxFileTest {
    @TempDir
    Path dir;

    private static final String HEADERS = "From: sender@example.com\nSubject: test\n\n";

    private String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void appendsWithTheBsdPrefixSuffixAndFromEscaping() throws Exception {
        Path box = dir.resolve("user");
        Transport t = transport("file", dir + "/$local_part");
        assertDelivered(deliverOne(t, TestMessage.simple("Hello\nFrom the start of a line\n From not at the start\n")));
        assertEquals("From sender@example.com " + Fixture.BSD_DATE + "\n" + HEADERS
                + "Hello\n>From the start of a line\n From not at the start\n" + "\n", read(box));
        assertEquals(0600, Fixture.mode(box));
        assertFalse(Files.exists(dir.resolve("user.lock")), "the lock file is removed");
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(box), left.toList(), "no hitching post or lock file is left behind");
        }
    }

    @Test
    void aBounceGetsMailerDaemonInItsFromLine() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString());
        assertDelivered(deliverOne(t, TestMessage.simple("x\n"), variables("return_path", "")));
        assertTrue(read(box).startsWith("From MAILER-DAEMON " + Fixture.BSD_DATE + "\n"), read(box));
    }

    @Test
    void appendsASecondMessageAfterTheFirst() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString(), "message_prefix", "--start--\\n", "message_suffix", "--end--\\n");
        assertDelivered(deliverOne(t, TestMessage.simple("one\n")));
        assertDelivered(deliverOne(t, TestMessage.simple("two\n")));
        assertEquals("--start--\n" + HEADERS + "one\n--end--\n" + "--start--\n" + HEADERS + "two\n--end--\n",
                read(box));
    }

    @Test
    void anEmptySuffixAndPrefixWriteNothingAround() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString(), "message_prefix", "", "message_suffix", "",
                "check_string", "", "escape_string", "");
        assertDelivered(deliverOne(t, TestMessage.simple("From me\n")));
        assertEquals(HEADERS + "From me\n", read(box));
    }

    @Test
    void useCrlfEndsTheMessagesLinesInCrLf() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString(), "use_crlf", "true", "message_prefix", "P\\r\\n",
                "message_suffix", "");
        assertDelivered(deliverOne(t, TestMessage.simple("a\nb\n")));
        assertEquals("P\r\nFrom: sender@example.com\r\nSubject: test\r\n\r\na\r\nb\r\n", read(box));
    }

    @Test
    void aFailedWriteCutsTheMailboxBackAndDefersAsAQuotaError() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString());
        assertDelivered(deliverOne(t, TestMessage.simple("first\n")));
        byte[] before = Files.readAllBytes(box);
        FileTime mtime = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Files.setLastModifiedTime(box, mtime);

        Outcome outcome = deliverOne(t, TestMessage.simple("second message body\n")
                .failingAfter(20, new IOException("No space left on device")));
        Outcome.Deferred d = deferred(outcome);
        assertEquals("No space left on device: error while writing to " + box, d.message());
        assertEquals(ErrorClass.QUOTA, d.errorClass());
        assertEquals("T:user@example.com", d.retryKey());
        assertArrayEquals(before, Files.readAllBytes(box), "the partial message is cut off");
        assertEquals(mtime, Files.getLastModifiedTime(box), "the modification time is put back too");
        assertFalse(Files.exists(dir.resolve("box.lock")));
    }

    @Test
    void aSystemQuotaErrorSaysTheMailboxIsFull() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString());
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")
                .failingAfter(3, new IOException("Disk quota exceeded"))));
        assertEquals("Disk quota exceeded: mailbox is full", d.message());
        assertEquals(ErrorClass.QUOTA, d.errorClass());
        assertEquals(0, Files.size(box), "a new mailbox is left empty");
    }

    @Test
    void anOtherWriteErrorIsNotAQuotaError() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString());
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")
                .failingAfter(3, new IOException("Input/output error"))));
        assertEquals("Input/output error: error while writing to " + box, d.message());
        assertEquals(ErrorClass.OTHER, d.errorClass());
    }

    @Test
    void evenAnUnexpectedExceptionLeavesNoPartialMessageAndNoLocks() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "old\n");
        Files.setPosixFilePermissions(box, FileFacts.permissions(0600));
        Transport t = transport("file", box.toString());
        IllegalStateException bug = new IllegalStateException("engine bug");
        assertSame(bug, assertThrows(IllegalStateException.class,
                () -> deliverOne(t, TestMessage.simple("new\n").crashingAfter(5, bug))));
        assertEquals("old\n", read(box));
        assertFalse(Files.exists(dir.resolve("box.lock")));
        assertEquals(0, MailboxLocks.size());
    }

    @Test
    void eximsOwnQuotaCountsTheMessageUnlessNotInclusive() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "x".repeat(80));
        Files.setPosixFilePermissions(box, FileFacts.permissions(0600));
        TestMessage m = TestMessage.simple("y".repeat(20) + "\n");
        assertTrue(m.size() > 20);

        Outcome.Deferred d = deferred(deliverOne(transport("file", box.toString(), "quota", "100"), m));
        assertEquals("mailbox is full (MTA-imposed quota exceeded while writing to " + box + ")", d.message());
        assertEquals(ErrorClass.QUOTA, d.errorClass());
        assertEquals(80, Files.size(box));

        assertDelivered(deliverOne(transport("file", box.toString(), "quota", "100", "quota_is_inclusive", "false"), m));
        assertTrue(Files.size(box) > 100);
        deferred(deliverOne(transport("file", box.toString(), "quota", "100", "quota_is_inclusive", "false"), m));
        assertDelivered(deliverOne(transport("file", box.toString(), "quota", "100/no_check"), m));
        assertDelivered(deliverOne(transport("file", box.toString(), "quota", "1K"), m));
    }

    @Test
    void theQuotaIsExpandedAndAMalformedOneDefers() throws Exception {
        Path box = dir.resolve("box");
        Outcome.Deferred d = deferred(deliverOne(transport("file", box.toString(), "quota", "${quota}X"),
                TestMessage.simple("m\n"), variables("quota", "10")));
        assertEquals("Malformed value \"10X\" (expansion of \"${quota}X\") in t transport", d.message());
        Outcome.Deferred e = deferred(deliverOne(transport("file", box.toString(), "quota", "$nosuch"),
                TestMessage.simple("m\n")));
        assertEquals("Expansion of \"$nosuch\" in t transport failed: unknown variable name \"nosuch\"", e.message());
        assertFalse(Files.exists(box));
    }

    @Test
    void createsMissingDirectoriesWithDirectoryModeAndTheFileWithMode() throws Exception {
        Path box = dir.resolve("a/b/c/box");
        Transport t = transport("file", box.toString(), "directory_mode", "0750", "mode", "0640");
        assertDelivered(deliverOne(t, TestMessage.simple("x\n")));
        int expected = Fixture.afterUmask(dir, 0750);
        assertEquals(expected, Fixture.mode(dir.resolve("a")));
        assertEquals(expected, Fixture.mode(dir.resolve("a/b/c")));
        assertEquals(0640, Fixture.mode(box), "the file's mode is set whatever the umask");
    }

    @Test
    void withoutCreateDirectoryAMissingDirectoryDefers() throws Exception {
        Path box = dir.resolve("missing/box");
        Transport t = transport("file", box.toString(), "create_directory", "false", "use_lockfile", "false");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
        assertEquals("No such file or directory: while creating mailbox " + box, d.message());
        assertEquals(ErrorClass.OTHER, d.errorClass());
    }

    @Test
    void aMissingDirectoryWithALockFileFailsAtTheHitchingPost() throws Exception {
        Path box = dir.resolve("missing/box");
        Transport t = transport("file", box.toString(), "create_directory", "false");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
        assertTrue(d.message().startsWith("No such file or directory: creating lock file hitching post " + box
                + ".lock.host.example."), d.message());
    }

    @Test
    void aReadOnlyDirectoryDefersWithTheSystemsReason() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path box = ro.resolve("box");
        Transport t = transport("file", box.toString(), "use_lockfile", "false");
        Outcome outcome;
        try (AutoCloseable restore = Fixture.readOnly(ro)) {
            outcome = deliverOne(t, TestMessage.simple("x\n"));
        }
        Outcome.Deferred d = deferred(outcome);
        assertTrue(Fixture.isReadOnlyError(d.message()), d.message());
        assertTrue(d.message().endsWith(": while creating mailbox " + box), d.message());
        assertFalse(Files.exists(box));
    }

    @Test
    void aFileFromARedirectionThatCannotBeCreatedFails() throws Exception {
        Path ro = Files.createDirectory(dir.resolve("ro"));
        Path box = ro.resolve("folder");
        Transport t = transport("use_lockfile", "false");
        Outcome outcome;
        try (AutoCloseable restore = Fixture.readOnly(ro)) {
            outcome = deliverOne(t, TestMessage.simple("x\n"), variables("address_file", box.toString()));
        }
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, outcome);
        assertTrue(f.message().endsWith(": while creating mailbox " + box), f.message());
    }

    @Test
    void aPathThroughAFileDefers() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("plain"), "");
        Path box = notADirectory.resolve("box");
        Outcome.Deferred d = deferred(deliverOne(transport("file", box.toString(), "use_lockfile", "false"),
                TestMessage.simple("x\n")));
        assertEquals("Not a directory: attempting to stat mailbox " + box, d.message());
    }

    @Test
    void fileMustExistRefusesToCreate() throws Exception {
        Path box = dir.resolve("box");
        Outcome.Deferred d = deferred(deliverOne(transport("file", box.toString(), "file_must_exist", "true"),
                TestMessage.simple("x\n")));
        assertEquals("No such file or directory: mailbox " + box + " does not exist, but file_must_exist is set",
                d.message());
        assertFalse(Files.exists(box));
    }

    @Test
    void aWiderModeIsNarrowedAndANarrowerOneDefersUnlessAllowed() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "");
        Files.setPosixFilePermissions(box, FileFacts.permissions(0644));
        assertDelivered(deliverOne(transport("file", box.toString()), TestMessage.simple("x\n")));
        assertEquals(0600, Fixture.mode(box));

        Files.setPosixFilePermissions(box, FileFacts.permissions(0200));
        Outcome.Deferred d = deferred(deliverOne(transport("file", box.toString()), TestMessage.simple("x\n")));
        assertEquals("mailbox " + box + " has the wrong mode 200 (600 expected)", d.message());

        long size = Files.size(box);
        assertDelivered(deliverOne(transport("file", box.toString(), "mode_fail_narrower", "false"),
                TestMessage.simple("x\n")));
        assertEquals(0200, Fixture.mode(box), "the existing mode is kept");
        assertTrue(Files.size(box) > size);
    }

    @Test
    void symbolicLinksAndHardLinksAreRefused() throws Exception {
        Path target = Files.writeString(dir.resolve("target"), "");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Outcome.Deferred d = deferred(deliverOne(transport("file", link.toString()), TestMessage.simple("x\n")));
        assertEquals("mailbox " + link + " is not a regular file", d.message());

        Path hard = Files.createLink(dir.resolve("hard"), target);
        Outcome.Deferred h = deferred(deliverOne(transport("file", hard.toString()), TestMessage.simple("x\n")));
        assertEquals("mailbox " + hard + " has too many links (2)", h.message());
        assertEquals(0, Files.size(target));
    }

    @Test
    void aMailboxThatIsADirectoryIsRefusedForItsLinks() throws Exception {
        Path box = Files.createDirectory(dir.resolve("box"));
        Outcome.Deferred d = deferred(deliverOne(transport("file", box.toString(), "use_lockfile", "false"),
                TestMessage.simple("x\n")));
        // Exim counts the links first, and a directory has two.
        assertEquals("mailbox " + box + " has too many links (2)", d.message());
    }

    @Test
    void aLockFileHeldByAnotherDefersAndIsLeftAlone() throws Exception {
        Path box = dir.resolve("box");
        Path lock = Files.writeString(dir.resolve("box.lock"), "someone else's");
        Transport t = transport("file", box.toString(), "lock_retries", "2", "lock_interval", "0s");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
        assertEquals("failed to lock mailbox " + box + " (lock file)", d.message());
        assertEquals("someone else's", read(lock));
        assertFalse(Files.exists(box));
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(lock), left.toList(), "no hitching post is left behind");
        }
    }

    @Test
    void aStaleLockFileIsRemoved() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(dir.resolve("box.lock"), "");
        Thread.sleep(2100); // the lock file's ctime cannot be set back; let it age past one second
        Transport t = transport("file", box.toString(), "lock_retries", "2", "lock_interval", "0s",
                "lockfile_timeout", "1s");
        assertDelivered(deliverOne(t, TestMessage.simple("x\n")));
        assertFalse(Files.exists(dir.resolve("box.lock")));
    }

    @Test
    void anFcntlLockHeldElsewhereDefersAfterTheRetries() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "");
        Files.setPosixFilePermissions(box, FileFacts.permissions(0600));
        Transport t = transport("file", box.toString(), "use_lockfile", "false", "lock_retries", "2",
                "lock_interval", "0s");
        try (FileChannel ch = FileChannel.open(box, StandardOpenOption.WRITE); FileLock held = ch.lock()) {
            Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
            assertEquals("failed to lock mailbox " + box + " (fcntl/flock)", d.message());
        }
        assertEquals(0, Files.size(box));
        assertEquals(0, MailboxLocks.size());
    }

    @Test
    void concurrentDeliveriesToOneMailboxDoNotInterleave() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString(), "message_prefix", "BEGIN\\n", "message_suffix", "END\\n",
                "lock_interval", "1s");
        String body = "line\n".repeat(2000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Outcome>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> deliverOne(t, TestMessage.simple(body))));
            }
            for (Future<Outcome> f : results) {
                assertDelivered(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        String one = "BEGIN\n" + HEADERS + body + "END\n";
        assertEquals(one.repeat(16), read(box));
        assertEquals(0, MailboxLocks.size());
    }

    @Test
    void devNullTakesEverything() throws Exception {
        assertDelivered(deliverOne(transport("file", "/dev/null"), TestMessage.simple("x\n")));
    }

    @Test
    void theAccessTimeIsKeptSoReadersSeeNewMail() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "");
        Files.setPosixFilePermissions(box, FileFacts.permissions(0600));
        FileTime read = FileTime.from(Instant.parse("2021-06-01T12:00:00Z"));
        Files.getFileAttributeView(box, java.nio.file.attribute.BasicFileAttributeView.class)
                .setTimes(read, read, null);
        assertDelivered(deliverOne(transport("file", box.toString()), TestMessage.simple("x\n")));
        var attrs = Files.readAttributes(box, java.nio.file.attribute.BasicFileAttributes.class);
        assertEquals(read, attrs.lastAccessTime());
        assertTrue(attrs.lastModifiedTime().compareTo(read) > 0);
    }
}
