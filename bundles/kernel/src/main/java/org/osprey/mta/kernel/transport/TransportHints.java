package org.osprey.mta.kernel.transport;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The hints store as a transport sees it (since 1.3). As everywhere in the engine, hints
 * are never a reason to fail a delivery: a store that cannot be read answers empty, and a
 * write that fails is dropped (and reported to the panic log by the engine).
 */
public interface TransportHints {

    /** A store that holds nothing and forgets what it is told. */
    TransportHints NONE = new TransportHints() {
        @Override
        public Optional<Record> get(String database, String key) {
            return Optional.empty();
        }

        @Override
        public void put(String database, String key, String value) {
        }

        @Override
        public void delete(String database, String key) {
        }

        @Override
        public Optional<String> update(String database, String key,
                Function<Optional<Record>, Optional<String>> change) {
            return Optional.empty();
        }
    };

    /**
     * One stored record.
     *
     * @param value its value, in the database's text form
     * @param timeStamp when it was last written
     */
    record Record(String value, Instant timeStamp) {
        public Record {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(timeStamp, "timeStamp");
        }
    }

    Optional<Record> get(String database, String key);

    void put(String database, String key, String value);

    void delete(String database, String key);

    /**
     * Reads, changes and writes one record atomically against every other writer: the
     * function gets the current record and returns the new value, or empty to delete it. It
     * may be called more than once, so it must have no side effects. Returns what was
     * written; empty also when the store could not be used.
     */
    Optional<String> update(String database, String key, Function<Optional<Record>, Optional<String>> change);
}
