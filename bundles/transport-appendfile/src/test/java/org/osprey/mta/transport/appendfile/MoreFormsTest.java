package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.appendfile.Fixture.assertDelivered;
import static org.osprey.mta.transport.appendfile.Fixture.deferred;
import static org.osprey.mta.transport.appendfile.Fixture.deliverOne;
import static org.osprey.mta.transport.appendfile.Fixture.transport;
import static org.osprey.mta.transport.appendfile.Fixture.variables;

import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;

/** The options that choose other kinds of file, names, locks and sizes (issue 7, local transports). */
class MoreFormsTest {
    private static final String HEADERS = "From: sender@example.com\nSubject: test\n\n";

    @TempDir
    Path dir;

    @Test
    void directoryFileNamesThePlainDirectoryFileWithItsInode() throws Exception {
        Transport t = transport("directory", dir.toString(), "directory_file", "msg-$local_part-$inode");
        assertDelivered(deliverOne(t, TestMessage.simple("body\n")));
        List<Path> files = list(dir);
        assertEquals(1, files.size(), files.toString());
        assertEquals("msg-user-" + FileFacts.inode(files.get(0)), files.get(0).getFileName().toString());
    }

    @Test
    void aFixedDirectoryFileThatExistsIsNotOverwritten() throws Exception {
        Files.writeString(dir.resolve("fixed"), "old");
        Transport t = transport("directory", dir.toString(), "directory_file", "fixed");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("body\n")));
        assertTrue(d.message().startsWith("File exists: while renaming " + dir + "/temp."), d.message());
        assertTrue(d.message().endsWith(" as " + dir + "/fixed"), d.message());
        assertEquals("old", Files.readString(dir.resolve("fixed")));
        assertEquals(1, list(dir).size(), "the temporary file is removed");
    }

    @Test
    void maildirfolderCreateRegexMakesTheMarkerFileOfASubfolder() throws Exception {
        Path folder = dir.resolve("Maildir/.Sent");
        Transport t = transport("directory", folder.toString(), "maildir_format", "true",
                "maildirfolder_create_regex", "/\\.[^/]+$");
        assertDelivered(deliverOne(t, TestMessage.simple("x\n")));
        assertTrue(Files.isRegularFile(folder.resolve("maildirfolder")));
        assertEquals(0, Files.size(folder.resolve("maildirfolder")));

        Path top = dir.resolve("Maildir");
        Transport inbox = transport("directory", top.toString(), "maildir_format", "true",
                "maildirfolder_create_regex", "/\\.[^/]+$");
        assertDelivered(deliverOne(inbox, TestMessage.simple("x\n")));
        assertFalse(Files.exists(top.resolve("maildirfolder")), "the top maildir does not match");
    }

    /** As exim-reference wrote them: .env holds prefix, sender, address, suffix; .msg the message alone. */
    @Test
    void mailstoreWritesAnEnvelopeFileAndAMessageFile() throws Exception {
        Transport t = transport("directory", dir.toString(), "mailstore_format", "true",
                "mailstore_prefix", "PREFIX for $local_part", "mailstore_suffix", "SUFFIX\\n");
        TestMessage m = TestMessage.simple("From the store\n");
        assertDelivered(deliverOne(t, m, variables("message_id", "1pQrSt-000ABC-Xy")));
        String base = "1pQrSt-000ABC-Xy-" + MessageFiles.base62(ProcessHandle.current().pid());
        assertEquals(List.of(dir.resolve(base + ".env"), dir.resolve(base + ".msg")), list(dir));
        assertEquals("PREFIX for user\n" + m.sender() + "\nuser@example.com\nSUFFIX\n",
                Files.readString(dir.resolve(base + ".env")));
        assertArrayEquals(m.plain(), Files.readAllBytes(dir.resolve(base + ".msg")), "no From line, no escaping");
    }

    @Test
    void mailstoreNeedsADirectory() throws Exception {
        Transport t = transport("file", dir.resolve("f").toString(), "mailstore_format", "true");
        assertEquals("mailstore_format requires \"directory\" to be specified for the t transport",
                deferred(deliverOne(t, TestMessage.simple("x\n"))).message());
    }

    @Test
    void mailboxSizeReplacesTheFilesSizeForTheQuota() throws Exception {
        Path box = dir.resolve("box");
        Transport t = transport("file", box.toString(), "quota", "1K", "mailbox_size", "2K");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
        assertEquals("mailbox is full (MTA-imposed quota exceeded while writing to " + box + ")", d.message());
        assertEquals(ErrorClass.QUOTA, d.errorClass());

        Transport small = transport("file", dir.resolve("big").toString(), "quota", "1K", "mailbox_size", "0");
        Files.writeString(dir.resolve("big"), "x".repeat(4096));
        assertDelivered(deliverOne(small, TestMessage.simple("x\n")), "the given size, not the file's, counts");
    }

    @Test
    void mailboxFilecountReplacesTheDirectorysCount() throws Exception {
        Transport t = transport("directory", dir.toString(), "quota", "1M", "quota_filecount", "5",
                "mailbox_filecount", "5");
        Outcome.Deferred d = deferred(deliverOne(t, TestMessage.simple("x\n")));
        assertTrue(d.message().startsWith("mailbox is full (MTA-imposed filecount quota exceeded while writing to "),
                d.message());
        assertEquals(List.of(), list(dir));
    }

    @Test
    void aMalformedMailboxSizeDefersInEximsWords() throws Exception {
        Transport t = transport("file", dir.resolve("box").toString(), "mailbox_size", "12x");
        assertEquals("Malformed value \"12x\" (expansion of \"12x\") in t transport",
                deferred(deliverOne(t, TestMessage.simple("x\n"))).message());
    }

    @Test
    void aSymbolicLinkIsRefusedUnlessAllowed() throws Exception {
        Path target = dir.resolve("real");
        Files.writeString(target, "");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Transport refusing = transport("file", link.toString(), "message_prefix", "", "message_suffix", "");
        assertEquals("mailbox " + link + " is not a regular file",
                deferred(deliverOne(refusing, TestMessage.simple("x\n"))).message());

        Transport allowing = transport("file", link.toString(), "message_prefix", "", "message_suffix", "",
                "allow_symlink", "true");
        assertDelivered(deliverOne(allowing, TestMessage.simple("x\n")));
        assertEquals(HEADERS + "x\n", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aNamedPipeIsWrittenWhenAllowedAndSomeoneReadsIt() throws Exception {
        Path fifo = mkfifo("pipe");
        Transport refusing = transport("file", fifo.toString());
        assertEquals("mailbox " + fifo + " is not a regular file",
                deferred(deliverOne(refusing, TestMessage.simple("x\n"))).message());

        Transport t = transport("file", fifo.toString(), "allow_fifo", "true", "message_prefix", "",
                "message_suffix", "");
        CompletableFuture<String> read = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (Exception e) {
                return e.toString();
            }
        });
        Thread.sleep(100); // the reader opens the pipe
        assertDelivered(deliverOne(t, TestMessage.simple("piped\n")));
        assertEquals(HEADERS + "piped\n", read.get());
    }

    @Test
    void aNamedPipeWithoutAReaderDefersAsEximSays() throws Exception {
        Path fifo = mkfifo("lonely");
        Transport t = transport("file", fifo.toString(), "allow_fifo", "true");
        assertEquals("No such device or address: while opening named pipe " + fifo
                + " (could mean no process is reading it)", deferred(deliverOne(t, TestMessage.simple("x\n")))
                .message());
        Transport plain = transport("file", "/dev/zero", "allow_fifo", "true");
        assertEquals("mailbox /dev/zero is not a regular file or named pipe",
                deferred(deliverOne(plain, TestMessage.simple("x\n"))).message());
    }

    @Test
    void lockFcntlTimeoutWaitsForAHeldLock() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "");
        Transport noWait = transport("file", box.toString(), "use_lockfile", "false", "lock_retries", "1");
        Transport waiting = transport("file", box.toString(), "use_lockfile", "false", "lock_retries", "1",
                "lock_fcntl_timeout", "10s");
        try (FileChannel other = FileChannel.open(box, StandardOpenOption.WRITE)) {
            FileLock held = other.lock();
            assertEquals("failed to lock mailbox " + box + " (fcntl/flock)",
                    deferred(deliverOne(noWait, TestMessage.simple("x\n"))).message());
            CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    held.release();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertDelivered(deliverOne(waiting, TestMessage.simple("x\n")));
        }
        assertTrue(Files.readString(box).endsWith("x\n\n"));
    }

    @Test
    void fileFormatLetsThroughAFileOfItsOwnFormatOnly() throws Exception {
        Path box = dir.resolve("box");
        Files.writeString(box, "From someone\n\nold\n");
        assertDelivered(deliverOne(transport("file", box.toString(), "file_format", "From : t : *mbx* : other"),
                TestMessage.simple("x\n")));
        assertEquals("mailbox file format unrecognized",
                deferred(deliverOne(transport("file", box.toString(), "file_format", "*mbx* : t"),
                        TestMessage.simple("x\n"))).message());
        assertTrue(deferred(deliverOne(transport("file", box.toString(), "file_format", "From : other"),
                TestMessage.simple("x\n"))).message().contains("other transport"));
    }

    @Test
    void comsatGetsEximsDatagram() throws Exception {
        assertArrayEquals("jo@1234\n\0".getBytes(StandardCharsets.US_ASCII), Comsat.datagram("jo", 1234));
        try (DatagramSocket biff = new DatagramSocket(0, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            biff.setSoTimeout(5000);
            Comsat.send("user", 42, biff.getLocalPort());
            DatagramPacket p = new DatagramPacket(new byte[100], 100);
            biff.receive(p);
            assertEquals("user@42\n\0", new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void theBiffPortComesFromTheServicesFile() throws Exception {
        Path services = dir.resolve("services");
        Files.writeString(services, "# comment\nbiff 512/tcp\nexec\t\t512/tcp\nbiff\t\t512/udp\t\tcomsat\n");
        assertEquals(OptionalInt.of(512), Comsat.biffPort(services));
        Files.writeString(services, "comsat\t\t600/udp\t\tbiff # alias\n");
        assertEquals(OptionalInt.of(600), Comsat.biffPort(services));
        Files.writeString(services, "talk 517/udp\n");
        assertEquals(OptionalInt.empty(), Comsat.biffPort(services));
    }

    @Test
    void notifyComsatDoesNotChangeTheOutcome() throws Exception {
        Path box = dir.resolve("box");
        assertDelivered(deliverOne(transport("file", box.toString(), "notify_comsat", "true"),
                TestMessage.simple("x\n")));
        assertTrue(Files.size(box) > 0);
    }

    private Path mkfifo(String name) throws Exception {
        Path fifo = dir.resolve(name);
        Process p = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, p.waitFor());
        return fifo;
    }

    private static List<Path> list(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.sorted().toList();
        }
    }

}
