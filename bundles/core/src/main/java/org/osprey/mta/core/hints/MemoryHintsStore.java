package org.osprey.mta.core.hints;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A hints store in the memory of one process, stamped by a given clock (seconds). The
 * daemon keeps the state its ACLs share between connections in one (ratelimit, the callout
 * cache, ETRN serialisation): its connections are threads of one process, where Exim's are
 * processes sharing DBM files. It is lost when the process ends.
 *
 * <p>Each database holds at most {@code capacity} records; beyond that the one written
 * longest ago goes, so that a flood of client addresses cannot fill the heap.
 */
public final class MemoryHintsStore implements HintsStore {
    private final Map<String, LinkedHashMap<String, Entry>> dbs = new TreeMap<>();
    private final LongSupplier clock;
    private final int capacity;

    /** A store for tests: no practical bound. */
    public MemoryHintsStore(LongSupplier clock) {
        this(clock, Integer.MAX_VALUE);
    }

    public MemoryHintsStore(LongSupplier clock, int capacity) {
        this.clock = clock;
        this.capacity = capacity;
    }

    @Override
    public synchronized Optional<Entry> get(String database, String key) {
        LinkedHashMap<String, Entry> db = dbs.get(database);
        return Optional.ofNullable(db == null ? null : db.get(key));
    }

    @Override
    public synchronized void put(String database, String key, String value) {
        LinkedHashMap<String, Entry> db = dbs.computeIfAbsent(database, d -> new LinkedHashMap<>());
        // Written last goes last: the eldest entry is the one written longest ago.
        db.remove(key);
        db.put(key, new Entry(key, value, Instant.ofEpochSecond(clock.getAsLong())));
        if (db.size() > capacity) {
            db.remove(db.keySet().iterator().next());
        }
    }

    @Override
    public synchronized boolean delete(String database, String key) {
        Map<String, Entry> db = dbs.get(database);
        boolean had = db != null && db.remove(key) != null;
        if (db != null && db.isEmpty()) {
            dbs.remove(database);
        }
        return had;
    }

    @Override
    public synchronized Optional<String> update(String database, String key,
            Function<Optional<Entry>, Optional<String>> change) {
        Optional<String> next = change.apply(get(database, key));
        if (next.isPresent()) {
            put(database, key, next.get());
        } else {
            delete(database, key);
        }
        return next;
    }

    /** The records of a database in the order of their keys. */
    @Override
    public synchronized List<Entry> list(String database) {
        List<Entry> out = new ArrayList<>(dbs.getOrDefault(database, new LinkedHashMap<>()).values());
        out.sort(Comparator.comparing(Entry::key));
        return out;
    }

    @Override
    public synchronized Set<String> databases() {
        return new TreeSet<>(dbs.keySet());
    }

    @Override
    public synchronized void clear() {
        dbs.clear();
    }

    @Override
    public void close() {
    }
}
