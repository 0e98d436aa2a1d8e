package org.osprey.mta.core.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.osprey.mta.core.queue.RecordedSpool.JOURNALLED;
import static org.osprey.mta.core.queue.RecordedSpool.SMALL;
import static org.osprey.mta.core.queue.RecordedSpool.expected;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.queue.QueueLister.Recipients;

/** Exim's -bp format details: the journal, +D, ages, sizes, messages that vanish. */
class QueueListerTest {
    @TempDir
    Path dir;

    @Test
    void deliveriesInTheJournalCountAndGeneratedOnesShowWithBpa() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, JOURNALLED);
        // The message arrived at 1795309609; Exim listed it within the minute.
        QueueLister lister = new QueueLister(s.spool, Clock.fixed(Instant.ofEpochSecond(1795309620L), ZoneOffset.UTC),
                s.out);
        lister.list(Recipients.WITH_GENERATED, List.of(JOURNALLED));
        assertEquals(expected("bpa-J.out"), s.take());
        lister.list(Recipients.UNDELIVERED, List.of(JOURNALLED));
        assertEquals(expected("bpu-J.out"), s.take());
        lister.list(Recipients.ALL, List.of(JOURNALLED));
        assertEquals(expected("bp-J.out"), s.take());
    }

    @Test
    void theCountAndAnEmptyQueue() throws IOException {
        RecordedSpool s = new RecordedSpool(dir);
        s.lister().count();
        s.lister().list(Recipients.ALL, List.of());
        assertEquals("0\n", s.take());
    }

    @Test
    void aSenderSetByAnUntrustedCallerShowsTheLogin() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, SMALL);
        Path h = dir.resolve("input").resolve(SMALL + "-H");
        Files.writeString(h, Files.readString(h, StandardCharsets.ISO_8859_1).replace("-deliver_firsttime\n",
                "-deliver_firsttime\n-frozen 1795309510\n-sender_set_untrusted\n"), StandardCharsets.ISO_8859_1);
        s.lister().list(Recipients.ALL, List.of());
        assertEquals(" 0m   277 " + SMALL + " <sender@x.example> (root) *** frozen ***\n", s.take().split("(?<=\n)")[0]);
    }

    @Test
    void aMessageWithoutItsDataFileHasNoSizeAndABrokenHeaderIsReported() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, SMALL);
        Files.delete(dir.resolve("input").resolve(SMALL + "-D"));
        s.lister().list(Recipients.ALL, List.of());
        assertEquals(" 0m       " + SMALL + " <sender@x.example>\n          rcpt@y.example\n"
                + "          other@y.example\n\n", s.take());
        Files.writeString(dir.resolve("input").resolve(SMALL + "-H"), SMALL + "-H\nbroken\n");
        s.lister().list(Recipients.ALL, List.of());
        assertEquals("      " + SMALL + "\n    *** spool format error: size=26 ***\n\n", s.take());
    }

    @Test
    void agesInMinutesHoursAndDays() {
        assertEquals(" 0m ", QueueLister.formatAge(59));
        assertEquals("90m ", QueueLister.formatAge(90 * 60 + 59));
        assertEquals(" 2h ", QueueLister.formatAge(91 * 60));
        assertEquals("72h ", QueueLister.formatAge(72 * 3600 + 29 * 60));
        assertEquals(" 3d ", QueueLister.formatAge(73 * 3600));
        assertEquals("100d ", QueueLister.formatAge(100L * 86400));
    }

    @Test
    void sizesAsStringFormatSizeWritesThem() {
        assertEquals("     ", QueueLister.formatSize(0));
        assertEquals("  277", QueueLister.formatSize(277));
        assertEquals(" 1023", QueueLister.formatSize(1023));
        assertEquals(" 1.0K", QueueLister.formatSize(1024));
        assertEquals(" 3.2K", QueueLister.formatSize(3276));
        assertEquals(" 3.2K", QueueLister.formatSize(3328)); // 3.25: glibc rounds half to even
        assertEquals("  10K", QueueLister.formatSize(10 * 1024));
        assertEquals("1024K", QueueLister.formatSize(1024 * 1024 - 1));
        assertEquals(" 1.9M", QueueLister.formatSize(2028823));
        assertEquals("  10M", QueueLister.formatSize(10 * 1024 * 1024));
    }

    @Test
    void aMessageThatLeavesTheQueueWhileListedIsSkippedUnlessNamed() throws IOException {
        RecordedSpool s = new RecordedSpool(dir, SMALL);
        // A -H that is gone when it is read (here a dangling link): as if delivered meanwhile.
        Path h = dir.resolve("input").resolve(SMALL + "-H");
        Files.delete(h);
        Files.createSymbolicLink(h, dir.resolve("gone"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new QueueLister(s.spool, RecordedSpool.CLOCK, new PrintStream(bytes, true)).list(Recipients.ALL, List.of());
        assertEquals("", bytes.toString());
        new QueueLister(s.spool, RecordedSpool.CLOCK, new PrintStream(bytes, true)).list(Recipients.ALL, List.of(SMALL));
        assertEquals("      " + SMALL + "\n    *** spool read error: No such file or directory ***\n\n", bytes.toString());
    }
}
