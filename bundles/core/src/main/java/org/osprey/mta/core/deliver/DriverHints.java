package org.osprey.mta.core.deliver;

import java.util.Optional;
import java.util.function.Function;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.kernel.transport.TransportHints;

/** The engine's hints as the kernel lends them to a transport. */
final class DriverHints implements TransportHints {
    private final Hints hints;

    DriverHints(Hints hints) {
        this.hints = hints;
    }

    @Override
    public Optional<Record> get(String database, String key) {
        return hints.get(database, key).map(DriverHints::record);
    }

    @Override
    public void put(String database, String key, String value) {
        hints.put(database, key, value);
    }

    @Override
    public void delete(String database, String key) {
        hints.delete(database, key);
    }

    @Override
    public Optional<String> update(String database, String key,
            Function<Optional<Record>, Optional<String>> change) {
        return hints.update(database, key, entry -> change.apply(entry.map(DriverHints::record)));
    }

    private static Record record(HintsStore.Entry entry) {
        return new Record(entry.value(), entry.timeStamp());
    }
}
