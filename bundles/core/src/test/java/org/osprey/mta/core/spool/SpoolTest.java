package org.osprey.mta.core.spool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    static final MessageId ID = MessageId.parse("1xUvjV-0005vd-2L");
    static final List<String> RCPTS = List.of("a@y.example", "b@y.example", "c@y.example", "d@y.example");

    static HeaderFile header(MessageId id) {
        HeaderFile.Builder b = HeaderFile.builder(id).originator("root", 0, 0).sender("s@x.example")
                .receivedTime(1795308425L).variable("received_protocol", "esmtp").variable("body_linecount", "2")
                .flag("deliver_firsttime");
        RCPTS.forEach(b::recipient);
        return b.header(HeaderLine.typed("Subject: hi\n")).build();
    }

    static InputStream body() {
        return new ByteArrayInputStream("line one\nline two\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    private Set<String> undelivered(Spool spool) throws IOException {
        return spool.read(ID).undelivered().stream().map(Recipient::address).collect(Collectors.toCollection(TreeSet::new));
    }

    private List<String> names(Path p) throws IOException {
        try (Stream<Path> s = Files.list(p)) {
            return s.map(q -> q.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void createsTheLayoutWithEximsModes() throws IOException {
        Spool spool = new Spool(dir.resolve("spool"), false);
        spool.create();
        assertEquals(List.of("db", "input", "msglog"), names(spool.directory()));
        for (String sub : List.of("db", "input", "msglog")) {
            assertEquals("rwxr-x---", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(spool.directory().resolve(sub))));
        }
        spool.create(); // again: nothing changes
        assertEquals(List.of(), spool.list());
    }

    @Test
    void storesAMessageDurablyInEximsFormat() throws IOException {
        Spool spool = new Spool(dir, false);
        spool.create();
        HeaderFile h = header(ID);
        spool.store(h, body());
        Path input = dir.resolve("input");
        assertEquals(List.of(ID + "-D", ID + "-H"), names(input));
        assertEquals(ID + "-D\nline one\nline two\n", Files.readString(input.resolve(ID + "-D"), StandardCharsets.ISO_8859_1));
        assertArrayEquals(HeaderFileWriter.toBytes(h), Files.readAllBytes(input.resolve(ID + "-H")));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(input.resolve(ID + "-H"))));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(input.resolve(ID + "-D"))));
        assertEquals(List.of(ID), spool.list());
        try (InputStream in = DataFile.openBody(spool.dataFile(ID), ID)) {
            assertEquals("line one\nline two\n", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        }
        assertThrows(IOException.class, () -> spool.store(h, body()), "an id is never stored twice");
    }

    @Test
    void streamsALargeBodyAndCountsIt() throws IOException {
        Spool spool = new Spool(dir, false);
        spool.create();
        long lines = 200_000;
        byte[] line = "0123456789012345678901234567890123456789\n".getBytes(StandardCharsets.ISO_8859_1);
        try (IncomingMessage in = spool.receive(ID)) {
            for (long i = 0; i < lines; i++) {
                in.body().write(line, 0, line.length);
            }
            in.body().write(0);
            in.body().write('\n');
            assertEquals(lines + 1, in.body().lineCount());
            assertEquals(1, in.body().zeroCount());
            in.commit(header(ID).toBuilder().variable("body_linecount", Long.toString(in.body().lineCount()))
                    .variable("body_zerocount", "1").build());
        }
        assertEquals(DataFileWriter.DATA_START + lines * line.length + 2, Files.size(spool.dataFile(ID)));
        assertEquals(lines + 1, spool.read(ID).bodyLinecount().orElseThrow());
    }

    @Test
    void splitSpoolDirectoryPaths() throws IOException {
        Spool spool = new Spool(dir, true);
        spool.create();
        assertEquals(dir.resolve("input/V"), spool.inputDirectory(ID));
        assertEquals(dir.resolve("msglog/V/" + ID), spool.messageLog(ID));
        spool.store(header(ID), body());
        assertTrue(Files.exists(dir.resolve("input/V/" + ID + "-D")));
        assertTrue(Files.exists(dir.resolve("input/V/" + ID + "-H")));
        spool.appendMessageLog(ID, "2026-11-22 00:47:05 Received from s@x.example");
        assertEquals("2026-11-22 00:47:05 Received from s@x.example\n", Files.readString(dir.resolve("msglog/V/" + ID)));

        // A message from before split_spool_directory was set is still found, as Exim finds it.
        MessageId old = MessageId.parse("1xUvjW-0005vd-2L");
        new Spool(dir, false).store(header(old), body());
        assertTrue(Files.exists(dir.resolve("input/" + old + "-H")));
        assertEquals(List.of(ID, old), spool.list());
        assertEquals(dir.resolve("input/" + old + "-H"), spool.headerFile(old));
        assertEquals(old, spool.read(old).id());
        // and the reverse
        assertEquals(List.of(ID, old), new Spool(dir, false).list());
        assertEquals(ID, new Spool(dir, false).read(ID).id());
        spool.remove(old);
        spool.remove(ID);
        assertEquals(List.of(), spool.list());
        assertEquals(List.of(), names(dir.resolve("input/V")));
        assertEquals(List.of(), names(dir.resolve("msglog/V")));
    }

    @Test
    void aReceptionCutShortLeavesNoMessage() throws IOException {
        Spool spool = new Spool(dir, false);
        spool.create();
        // crash while the body streams: the temporary data file stays
        IncomingMessage in = spool.receive(ID);
        in.body().write("partial".getBytes(StandardCharsets.ISO_8859_1));
        in.body().flush();
        // crash after -D was renamed, before -H: a -D alone
        MessageId second = MessageId.parse("1xUvjX-0005vd-2L");
        Files.writeString(dir.resolve("input/" + second + "-D"), second + "-D\nbody\n");
        // crash while -H was being written: its temporary file alone
        MessageId third = MessageId.parse("1xUvjY-0005vd-2L");
        Files.writeString(dir.resolve("input/" + third + "-D"), third + "-D\nbody\n");
        Files.writeString(dir.resolve("input/hdr." + third), "1xUvjY-0005vd-2L-H\nroot 0 0\n<s");
        assertEquals(List.of(), spool.list());
        assertThrows(NoSuchFileException.class, () -> spool.read(second));
        // an uncommitted reception, closed, leaves nothing at all
        in.close();
        assertFalse(Files.exists(dir.resolve("input/data." + ID)));
    }

    @Test
    void journalledDeliveriesSurviveACrashBeforeTheHeaderUpdate() throws IOException {
        Spool spool = new Spool(dir, false);
        spool.create();
        spool.store(header(ID), body());
        try (Journal j = spool.journal(ID)) {
            j.delivered("a@y.example");
            j.delivered("c@y.example");
        }
        // crash: -H untouched, -J holds two deliveries
        assertEquals(Set.of("b@y.example", "d@y.example"), undelivered(spool));
        assertTrue(HeaderFileReader.read(spool.headerFile(ID)).nonRecipients().isEmpty(), "read() writes nothing");
        // the next attempt folds the journal into -H and keeps the journal
        HeaderFile recovered = spool.recover(ID);
        assertEquals(Set.of("a@y.example", "c@y.example"), recovered.nonRecipients());
        assertEquals(Set.of("a@y.example", "c@y.example"), HeaderFileReader.read(spool.headerFile(ID)).nonRecipients());
        assertTrue(Files.exists(spool.journalFile(ID)));
        try (Journal j = spool.journal(ID)) {
            j.delivered("d@y.example");
        }
        // the attempt ends with b deferred: an update with the caller's old copy loses nothing
        HeaderFile updated = spool.update(header(ID).toBuilder().remove("deliver_firsttime").build());
        assertEquals(Set.of("a@y.example", "c@y.example", "d@y.example"), updated.nonRecipients());
        assertFalse(Files.exists(spool.journalFile(ID)));
        assertEquals(Set.of("b@y.example"), undelivered(spool));
        assertFalse(spool.read(ID).deliverFirstTime());
        assertEquals(List.of(ID + "-D", ID + "-H"), names(dir.resolve("input")));
    }

    /**
     * A delivery attempt of four addresses, a and c delivered, b in flight, d deferred, cut by
     * a crash at each step; after each, reading the message must still offer b and d (never
     * lose one) and may offer only b besides (the one in flight).
     */
    @Test
    void aCrashAtEveryStepNeverLosesAnAddress() throws IOException {
        for (int step = 0; step <= 7; step++) {
            Path root = dir.resolve("step" + step);
            Spool spool = new Spool(root, false);
            spool.create();
            spool.store(header(ID), body());
            crashAt(spool, step);
            Set<String> offered = undelivered(spool);
            assertTrue(offered.containsAll(Set.of("b@y.example", "d@y.example")), "step " + step + ": " + offered);
            assertTrue(Set.of("b@y.example", "d@y.example").containsAll(offered), "step " + step + ": " + offered);
            // and the next attempt, which recovers first, sees the same
            assertEquals(offered, spool.recover(ID).undelivered().stream().map(Recipient::address)
                    .collect(Collectors.toSet()), "step " + step);
            assertEquals(List.of(ID), spool.list());
        }
    }

    private void crashAt(Spool spool, int step) throws IOException {
        Path journal = spool.journalFile(ID);
        switch (step) {
            case 0 -> { // a and c journalled, nothing else
                try (Journal j = spool.journal(ID)) {
                    j.delivered("a@y.example");
                    j.delivered("c@y.example");
                }
            }
            case 1 -> { // b's line cut half-way by the crash
                try (Journal j = spool.journal(ID)) {
                    j.delivered("a@y.example");
                    j.delivered("c@y.example");
                }
                Files.write(journal, "b@y.ex".getBytes(StandardCharsets.ISO_8859_1), StandardOpenOption.APPEND);
            }
            case 2 -> { // a torn line, then a later attempt appending after it
                Files.write(journal, "a@y.example\nc@y.example\nb@y".getBytes(StandardCharsets.ISO_8859_1));
                try (Journal j = spool.journal(ID)) {
                    j.delivered("a@y.example");
                }
                assertEquals(List.of("a@y.example", "c@y.example", "a@y.example"), Journal.read(journal));
            }
            case 3 -> { // the new -H half-written under its temporary name
                try (Journal j = spool.journal(ID)) {
                    j.delivered("a@y.example");
                    j.delivered("c@y.example");
                }
                byte[] next = HeaderFileWriter.toBytes(header(ID).toBuilder().nonRecipient("a@y.example")
                        .nonRecipient("c@y.example").build());
                Files.write(spool.headerFile(ID).resolveSibling("hdr." + ID), java.util.Arrays.copyOf(next, 30));
            }
            case 4 -> { // the new -H renamed, the journal not yet removed
                try (Journal j = spool.journal(ID)) {
                    j.delivered("a@y.example");
                    j.delivered("c@y.example");
                }
                spool.writeHeader(header(ID).toBuilder().nonRecipient("a@y.example").nonRecipient("c@y.example").build());
            }
            case 5 -> { // update done, journal gone
                try (Journal j = spool.journal(ID)) {
                    j.delivered("a@y.example");
                    j.delivered("c@y.example");
                }
                spool.update(header(ID));
                assertFalse(Files.exists(journal));
            }
            case 6 -> { // recovery after a crash, then a second crash mid-attempt
                try (Journal j = spool.journal(ID)) {
                    j.delivered("a@y.example");
                }
                spool.recover(ID);
                try (Journal j = spool.journal(ID)) {
                    j.delivered("c@y.example");
                }
            }
            case 7 -> { // an empty journal: created, nothing delivered yet... then a and c by update
                spool.journal(ID).close();
                spool.update(header(ID).toBuilder().nonRecipient("a@y.example").nonRecipient("c@y.example").build());
            }
            default -> throw new IllegalArgumentException();
        }
    }

    @Test
    void removesACompletedMessage() throws IOException {
        Spool spool = new Spool(dir, false);
        spool.create();
        spool.store(header(ID), body());
        spool.journal(ID).close();
        spool.appendMessageLog(ID, "=> a@y.example");
        spool.remove(ID);
        assertEquals(List.of(), names(dir.resolve("input")));
        assertEquals(List.of(), names(dir.resolve("msglog")));
        assertEquals(List.of(), spool.list());
        spool.remove(ID); // twice is harmless
    }

    /**
     * An fcntl lock is the process's, and closing any descriptor of the file drops it: reading
     * the body while holding the lock, or a second thread trying the lock, must not. Another
     * process (python3's lockf, which is fcntl) checks that the lock is still there.
     */
    @Test
    void theLockSurvivesReadingTheBodyAndASecondTry() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "no python3");
        Spool spool = new Spool(dir, false);
        spool.create();
        spool.store(header(ID), body());
        try (MessageLock lock = spool.lock(ID).orElseThrow()) {
            try (InputStream in = DataFile.openBody(spool.dataFile(ID), ID)) {
                assertEquals("line one\nline two\n", new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
            }
            Thread other = new Thread(() -> {
                try {
                    assertTrue(spool.lock(ID).isEmpty());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            other.start();
            other.join();
            Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import fcntl,sys\n"
                    + "f=open(sys.argv[1],'r+b')\n"
                    + "try:\n fcntl.lockf(f, fcntl.LOCK_EX|fcntl.LOCK_NB, 19, 0)\n print('taken')\n"
                    + "except OSError:\n print('held')\n", spool.dataFile(ID).toString())
                    .redirectErrorStream(true).start();
            String answer = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            assertEquals(0, p.waitFor());
            assertEquals("held", answer, "another process must still see the lock");
        }
    }

    @Test
    void locksAMessageAsEximDoes() throws IOException {
        Spool spool = new Spool(dir, false);
        spool.create();
        assertEquals(Optional.empty(), spool.lock(ID));
        spool.store(header(ID), body());
        try (MessageLock lock = spool.lock(ID).orElseThrow()) {
            assertTrue(spool.lock(ID).isEmpty(), "a held lock is not taken twice");
        }
        try (MessageLock again = spool.lock(ID).orElseThrow()) {
            assertTrue(again != null);
        }
    }
}
