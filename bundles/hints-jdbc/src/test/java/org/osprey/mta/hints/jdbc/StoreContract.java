package org.osprey.mta.hints.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.retry.RetryError;
import org.osprey.mta.core.retry.RetryRecord;
import org.osprey.mta.core.retry.Serialisation;
import org.osprey.mta.core.retry.WaitingMessages;

/** What every hints store must do; subclasses give a fresh, empty store at a settable clock. */
abstract class StoreContract {
    static final long T0 = 1_700_000_000L;
    final AtomicLong seconds = new AtomicLong(T0);

    /** A clock the test moves by hand. */
    Clock clock() {
        return new Clock() {
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
                return Instant.ofEpochSecond(seconds.get());
            }
        };
    }

    /** A fresh, empty store. */
    abstract HintsStore store() throws Exception;

    /** A second store on the same database, as another node would have. */
    abstract HintsStore secondStore() throws Exception;

    @Test
    void putGetDeleteWithTimeStamps() throws Exception {
        try (HintsStore s = store()) {
            RetryRecord r = new RetryRecord(T0, T0, T0 + 900, false, RetryError.parse("refused_MX"), "Connection refused");
            s.put(HintsStore.RETRY, "T:mx.example:192.0.2.1", r.encode());
            HintsStore.Entry e = s.get(HintsStore.RETRY, "T:mx.example:192.0.2.1").orElseThrow();
            assertEquals(r, RetryRecord.decode(e.value()));
            assertEquals(Instant.ofEpochSecond(T0), e.timeStamp());
            seconds.addAndGet(60);
            s.put(HintsStore.RETRY, "T:mx.example:192.0.2.1", "x");
            assertEquals(Instant.ofEpochSecond(T0 + 60), s.get(HintsStore.RETRY, "T:mx.example:192.0.2.1")
                    .orElseThrow().timeStamp());
            assertEquals(Optional.empty(), s.get("wait-remote_smtp", "T:mx.example:192.0.2.1"));
            assertTrue(s.delete(HintsStore.RETRY, "T:mx.example:192.0.2.1"));
            assertFalse(s.delete(HintsStore.RETRY, "T:mx.example:192.0.2.1"));
            assertEquals(Optional.empty(), s.get(HintsStore.RETRY, "T:mx.example:192.0.2.1"));
        }
    }

    @Test
    void keysAndValuesAreKeptExactly() throws Exception {
        try (HintsStore s = store()) {
            String key = Serialisation.etrnKey("#brigadoon");
            s.put(HintsStore.MISC, key, "1");
            String longKey = "R:" + "x".repeat(600) + "@example.com:<" + "y".repeat(300) + "@example.org>";
            String longValue = "v".repeat(20000) + " é ü";
            s.put(HintsStore.RETRY, longKey, longValue);
            assertEquals("1", s.get(HintsStore.MISC, "etrn-#brigadoon\n").orElseThrow().value());
            assertEquals(longValue, s.get(HintsStore.RETRY, longKey).orElseThrow().value());
            assertEquals(Set.of(HintsStore.MISC, HintsStore.RETRY), s.databases());
            s.clear();
            assertEquals(Set.of(), s.databases());
        }
    }

    @Test
    void listAndTidyByEximsRules() throws Exception {
        try (HintsStore s = store()) {
            s.put(HintsStore.RETRY, "T:old.example:192.0.2.9", "old");
            seconds.addAndGet(40L * 86400);
            s.put(HintsStore.RETRY, "T:mx.example:192.0.2.1", "host");
            s.put(HintsStore.RETRY, "T:mx.example:192.0.2.1:1AbCdE-000001-Xy", "gone");
            s.put(HintsStore.RETRY, "T:mx.example:192.0.2.1:1AbCdE-000002-Xy", "here");
            s.put("wait-remote_smtp", "mx.example", "1AbCdE-000001-Xy 1AbCdE-000002-Xy");
            s.put("wait-remote_smtp", "mx2.example", "1AbCdE-000001-Xy");
            assertEquals(4, s.list(HintsStore.RETRY).size());
            Instant oldest = Instant.ofEpochSecond(seconds.get()).minus(HintsStore.TIDY_DEFAULT_AGE);
            java.util.function.Predicate<String> onSpool = id -> id.equals("1AbCdE-000002-Xy");
            assertEquals(List.of("deleted T:mx.example:192.0.2.1:1AbCdE-000001-Xy (no message)",
                    "deleted T:old.example:192.0.2.9 (too old)"), s.tidy(HintsStore.RETRY, oldest, onSpool));
            assertEquals(List.of("updated mx.example", "deleted mx2.example (empty)"),
                    s.tidy("wait-remote_smtp", oldest, onSpool));
            assertEquals("1AbCdE-000002-Xy", s.get("wait-remote_smtp", "mx.example").orElseThrow().value());
            assertEquals(List.of("T:mx.example:192.0.2.1", "T:mx.example:192.0.2.1:1AbCdE-000002-Xy"),
                    s.list(HintsStore.RETRY).stream().map(HintsStore.Entry::key).toList());
        }
    }

    @Test
    void serialisationCountsHoldersAndIgnoresStaleRecords() throws Exception {
        try (HintsStore s = store()) {
            Serialisation misc = new Serialisation(s);
            String key = Serialisation.hostKey("slow.example");
            assertTrue(misc.start(key, 1, clock().instant()));
            assertFalse(misc.start(key, 1, clock().instant()));
            misc.end(key);
            assertEquals(Optional.empty(), s.get(HintsStore.MISC, key));
            assertTrue(misc.start(key, 1, clock().instant()));
            seconds.addAndGet(5 * 3600);
            assertFalse(misc.start(key, 1, clock().instant()));  // refused, and the record is not renewed
            seconds.addAndGet(3600);  // a crashed holder's record, six hours on
            assertTrue(misc.start(key, 1, clock().instant()));
            assertEquals("1", s.get(HintsStore.MISC, key).orElseThrow().value());
        }
    }

    @Test
    void waitingMessages() throws Exception {
        try (HintsStore s = store()) {
            WaitingMessages wait = new WaitingMessages(s, "remote_smtp");
            wait.add("mx.example", "1AbCdE-000001-Xy");
            wait.add("mx.example", "1AbCdE-000002-Xy");
            wait.add("mx.example", "1AbCdE-000001-Xy");
            assertEquals(List.of("1AbCdE-000001-Xy", "1AbCdE-000002-Xy"), wait.waiting("mx.example"));
            assertEquals(Optional.of("1AbCdE-000002-Xy"), wait.next("mx.example", "1AbCdE-000001-Xy"));
            assertEquals(Optional.empty(), wait.next("mx.example", "x"));
            assertEquals(Optional.empty(), s.get("wait-remote_smtp", "mx.example"));
        }
    }

    @Test
    void concurrentUpdatesFromTwoNodesLoseNothing() throws Exception {
        try (HintsStore a = store(); HintsStore b = secondStore()) {
            int threads = 8;
            int each = 40;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    HintsStore s = t % 2 == 0 ? a : b;
                    int id = t;
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            s.update(HintsStore.MISC, "counter", cur -> Optional.of(Integer.toString(
                                    cur.map(e -> Integer.parseInt(e.value())).orElse(0) + 1)));
                            new WaitingMessages(s, "remote_smtp").add("mx.example",
                                    String.format("%06d-%06d-XX", id, i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(Integer.toString(threads * each), a.get(HintsStore.MISC, "counter").orElseThrow().value());
            assertEquals(threads * each, new WaitingMessages(b, "remote_smtp").waiting("mx.example").size());
        }
    }
}
