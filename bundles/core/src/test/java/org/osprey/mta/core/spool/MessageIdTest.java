package org.osprey.mta.core.spool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MessageIdTest {

    @Test
    void parsesAndDecodesAnIdExim496Made() {
        // Exim 4.96 wrote 1xUvjV-0005vd-2L for a message received at 1795308425.725032.
        MessageId id = MessageId.parse("1xUvjV-0005vd-2L");
        assertEquals(1795308425L, id.epochSecond());
        assertEquals(725032 / 5000, id.fraction());
        assertEquals(5L * 62 * 62 + 57 * 62 + 39, id.processNumber());
        assertEquals("V", id.subdirectory());
        assertEquals("1xUvjV-0005vd-2L", id.toString());
    }

    @Test
    void makesTheIdExim496MadeFromTheSameTimeAndPid() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1795308425L, 725_032_000), ZoneOffset.UTC);
        long pid = MessageId.parse("1xUvjV-0005vd-2L").processNumber();
        assertEquals("1xUvjV-0005vd-2L", new MessageIdGenerator(clock, pid, -1).next().toString());
    }

    @Test
    void foldsTheLocalhostNumberIntoTheLastField() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1795308425L, 725_032_000), ZoneOffset.UTC);
        MessageId id = new MessageIdGenerator(clock, 1234, 3).next();
        assertEquals(3 * 200 + 145, id.fraction());
        MessageId top = new MessageIdGenerator(clock, 1234, 16).next();
        assertEquals(16 * 200 + 145, top.fraction());
        assertThrows(IllegalArgumentException.class, () -> new MessageIdGenerator(clock, 1234, 17));
    }

    @Test
    void refusesWhatIsNotAnId() {
        assertFalse(MessageId.isValid("1xUvjV-0005vd-2"));
        assertFalse(MessageId.isValid("1xUvjV_0005vd-2L"));
        assertFalse(MessageId.isValid("1xUvjV-0005vd-2L-H"));
        assertFalse(MessageId.isValid("1xUv.V-0005vd-2L"));
        assertFalse(MessageId.isValid("1xUvjV-0005vd-2L0"));
        assertFalse(MessageId.isValid(null));
        assertThrows(IllegalArgumentException.class, () -> MessageId.parse("hdr.1xUvjV-0005vd-2"));
        assertTrue(MessageId.isValid("zzzzzz-zzzzzz-zz"));
    }

    @Test
    void aStoppedClockUsesLanesAndNeverRepeats() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1795308425L, 0), ZoneOffset.UTC);
        MessageIdGenerator gen = new MessageIdGenerator(clock, 4_194_303, -1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            MessageId id = gen.next();
            assertTrue(seen.add(id.toString()), "repeated " + id);
            assertEquals(1795308425L, id.epochSecond());
            assertEquals(4_194_303 + (long) i * (1L << 22), id.processNumber());
        }
    }

    @Test
    void aClockSteppingBackNeverRepeats() {
        Instant[] now = {Instant.ofEpochSecond(1795308425L, 500_000_000)};
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        MessageIdGenerator gen = new MessageIdGenerator(clock, 77, -1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            assertTrue(seen.add(gen.next().toString()));
            now[0] = now[0].minusMillis(7);
        }
    }

    @Test
    void idsAreUniqueAcrossThreads() throws Exception {
        MessageIdGenerator gen = MessageIdGenerator.forThisProcess(-1);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> jobs = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                jobs.add(pool.submit(() -> {
                    int dup = 0;
                    for (int i = 0; i < 20_000; i++) {
                        if (!seen.add(gen.next().toString())) {
                            dup++;
                        }
                    }
                    return dup;
                }));
            }
            for (Future<Integer> f : jobs) {
                assertEquals(0, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(160_000, seen.size());
        for (String s : seen) {
            assertTrue(MessageId.isValid(s), s);
        }
    }

    @Test
    void twoProcessesNeverMeet() {
        // Two generators with different pids at the same instant: the process field differs in
        // every lane, because lanes are multiples of 2^22 added to a pid below 2^22.
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1795308425L, 0), ZoneOffset.UTC);
        MessageIdGenerator a = new MessageIdGenerator(clock, 100, -1);
        MessageIdGenerator b = new MessageIdGenerator(clock, 101, -1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(a.next().toString()));
            assertTrue(seen.add(b.next().toString()));
        }
    }
}
