package org.osprey.mta.core.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.osprey.mta.core.hints.HintsStore;

/** A hints store in memory for the unit tests, stamped by a given clock (seconds). */
public final class MemoryStore implements HintsStore {
    private final Map<String, TreeMap<String, Entry>> dbs = new TreeMap<>();
    private final LongSupplier clock;

    public MemoryStore(LongSupplier clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<Entry> get(String database, String key) {
        return Optional.ofNullable(dbs.getOrDefault(database, new TreeMap<>()).get(key));
    }

    @Override
    public synchronized void put(String database, String key, String value) {
        dbs.computeIfAbsent(database, d -> new TreeMap<>()).put(key,
                new Entry(key, value, Instant.ofEpochSecond(clock.getAsLong())));
    }

    @Override
    public synchronized boolean delete(String database, String key) {
        TreeMap<String, Entry> db = dbs.get(database);
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

    @Override
    public synchronized List<Entry> list(String database) {
        return new ArrayList<>(dbs.getOrDefault(database, new TreeMap<>()).values());
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
