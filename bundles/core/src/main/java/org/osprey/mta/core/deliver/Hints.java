package org.osprey.mta.core.deliver;

import java.util.Optional;
import java.util.function.Function;
import java.util.function.Consumer;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The hints as a delivery uses them: opened on first use, and never a reason to stop a
 * delivery. As in Exim, a store that cannot be opened or read is treated as empty, and a
 * write that fails is dropped: hints only say when to try again, the spool alone holds
 * the mail, so losing a hint costs at most an early or a late retry.
 */
final class Hints implements AutoCloseable {
    /** A store that holds nothing and forgets what it is told. */
    static final Hints NONE = new Hints(create -> null, e -> { });

    private final HintsOpener opener;
    private final Consumer<String> problems;
    private HintsStore store;
    private boolean triedExisting;
    private boolean triedCreating;

    /**
     * @param opener opens the store, or returns null when there is none
     * @param problems where to report a store that fails (the panic log)
     */
    Hints(HintsOpener opener, Consumer<String> problems) {
        this.opener = opener;
        this.problems = problems;
    }

    /** The store for reading and deleting: no store is created for them. */
    private Optional<HintsStore> existing() {
        if (store == null && !triedExisting) {
            triedExisting = true;
            open(false);
        }
        return Optional.ofNullable(store);
    }

    /** The store itself, created if need be, for the ACLs' ratelimit; null when there is none. */
    synchronized HintsStore storeOrNull() {
        return store().orElse(null);
    }

    /** The store for writing, created if need be. */
    private Optional<HintsStore> store() {
        if (store == null && !triedCreating) {
            triedCreating = true;
            open(true);
        }
        return Optional.ofNullable(store);
    }

    private void open(boolean create) {
        try {
            store = opener.open(create);
        } catch (HintsException | RuntimeException e) {
            problems.accept("failed to open hints database: " + e.getMessage());
        }
    }

    synchronized Optional<HintsStore.Entry> get(String database, String key) {
        Optional<HintsStore> s = existing();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return s.get().get(database, key);
        } catch (HintsException e) {
            problems.accept("hints database read failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    synchronized void put(String database, String key, String value) {
        store().ifPresent(s -> {
            try {
                s.put(database, key, value);
            } catch (HintsException e) {
                problems.accept("hints database write failed: " + e.getMessage());
            }
        });
    }

    synchronized void delete(String database, String key) {
        existing().ifPresent(s -> {
            try {
                s.delete(database, key);
            } catch (HintsException e) {
                problems.accept("hints database write failed: " + e.getMessage());
            }
        });
    }

    /** Returns what was written; empty also when the store could not be used. */
    synchronized Optional<String> update(String database, String key,
            Function<Optional<HintsStore.Entry>, Optional<String>> change) {
        Optional<HintsStore> s = store();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        try {
            return s.get().update(database, key, change);
        } catch (HintsException e) {
            problems.accept("hints database write failed: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Closes the store, so that another process may open it (embedded Derby admits one
     * at a time); the next use opens it again.
     */
    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
        triedExisting = false;
        triedCreating = false;
    }
}
