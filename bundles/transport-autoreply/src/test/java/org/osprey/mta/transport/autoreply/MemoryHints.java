package org.osprey.mta.transport.autoreply;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.osprey.mta.kernel.transport.TransportHints;

/** Hints in a map, as the engine's store would keep them for the transport. */
final class MemoryHints implements TransportHints {
    final Map<String, String> records = new TreeMap<>();

    private static String k(String database, String key) {
        return database + "/" + key;
    }

    @Override
    public Optional<Record> get(String database, String key) {
        return Optional.ofNullable(records.get(k(database, key))).map(v -> new Record(v, Instant.EPOCH));
    }

    @Override
    public void put(String database, String key, String value) {
        records.put(k(database, key), value);
    }

    @Override
    public void delete(String database, String key) {
        records.remove(k(database, key));
    }

    @Override
    public Optional<String> update(String database, String key, Function<Optional<Record>, Optional<String>> change) {
        Optional<String> v = change.apply(get(database, key));
        v.ifPresentOrElse(x -> put(database, key, x), () -> delete(database, key));
        return v;
    }
}
