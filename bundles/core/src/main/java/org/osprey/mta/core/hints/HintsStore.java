package org.osprey.mta.core.hints;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Exim's hints databases, as one store of text records: a record is a database name
 * ({@code retry}, {@code wait-<transport>}, {@code misc}, later {@code ratelimit}), a key
 * in Exim's form ({@code T:host:ip}, {@code T:host:ip:msgid}, {@code R:address},
 * {@code R:domain}, a host name, {@code host-serialize-<host>}, {@code etrn-<arg>}), a
 * value in the stable text form docs/hints.md describes, and the time it was last
 * written (Exim's {@code time_stamp}, set by the store on every write).
 *
 * <p>Implementations are safe for several threads, processes and nodes at once:
 * {@link #update} is an atomic read-modify-write, so two writers never lose each other's
 * changes. The store holds hints only: it must never be the only copy of anything a
 * message needs, and callers must carry on (without hints) when it throws.
 */
public interface HintsStore extends AutoCloseable {

    /** The retry database. */
    String RETRY = "retry";
    /** The misc database: serialisation of connections and of ETRN runs. */
    String MISC = "misc";
    /** Exim ignores a misc (serialisation) record older than this: a crash may leave one. */
    Duration MISC_STALE = Duration.ofHours(6);
    /** exim_tidydb's default age for dropping a record of any kind ({@code -t 30d}). */
    Duration TIDY_DEFAULT_AGE = Duration.ofDays(30);

    /** The wait database of a transport: the messages waiting for each host. */
    static String waitDatabase(String transport) {
        return "wait-" + transport;
    }

    /**
     * One stored record.
     *
     * @param key its key
     * @param value its value, in the database's text form
     * @param timeStamp when it was last written
     */
    record Entry(String key, String value, Instant timeStamp) {
        public Entry {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(timeStamp, "timeStamp");
        }
    }

    /** The record under {@code key}, if there is one. */
    Optional<Entry> get(String database, String key) throws HintsException;

    /** Writes (creates or replaces) a record, stamped with the store's clock. */
    void put(String database, String key, String value) throws HintsException;

    /** Deletes a record; true when there was one. */
    boolean delete(String database, String key) throws HintsException;

    /**
     * Reads, changes and writes one record atomically, against every other writer: the
     * function gets the current record (empty when none) and returns the new value, or
     * empty to delete the record. It may be called more than once (after a conflict), so
     * it must have no side effects. Returns what was written.
     */
    Optional<String> update(String database, String key, Function<Optional<Entry>, Optional<String>> change)
            throws HintsException;

    /** Every record of a database, in key order (for tidying and for listing, as exim_dumpdb). */
    List<Entry> list(String database) throws HintsException;

    /** The names of the databases that hold records. */
    Set<String> databases() throws HintsException;

    /** Deletes every record of every database: what removing spool/db does for Exim. */
    void clear() throws HintsException;

    @Override
    void close();

    /**
     * Tidies one database by exim_tidydb's rules and returns what it did, one line per
     * change in exim_tidydb's words: a record last written before {@code oldest} is
     * deleted ("too old"); in the retry database a message-specific record
     * ({@code T:host:ip:msgid}) whose message is no longer on the spool is deleted ("no
     * message"); in a wait database the ids of messages no longer on the spool are dropped
     * ("updated"), and a list left empty is deleted ("empty").
     *
     * @param messageExists whether a message id is still on the spool
     */
    default List<String> tidy(String database, Instant oldest, Predicate<String> messageExists)
            throws HintsException {
        List<String> done = new ArrayList<>();
        boolean wait = database.startsWith("wait-");
        for (Entry e : list(database)) {
            if (e.timeStamp().isBefore(oldest)) {
                if (delete(database, e.key())) {
                    done.add("deleted " + e.key() + " (too old)");
                }
            } else if (wait) {
                List<String> ids = WaitList.decode(e.value());
                List<String> kept = ids.stream().filter(messageExists).toList();
                if (kept.isEmpty()) {
                    if (delete(database, e.key())) {
                        done.add("deleted " + e.key() + " (empty)");
                    }
                } else if (kept.size() < ids.size()) {
                    update(database, e.key(), cur -> cur.map(c -> WaitList.encode(
                            WaitList.decode(c.value()).stream().filter(messageExists).toList())));
                    done.add("updated " + e.key());
                }
            } else if (database.equals(RETRY)) {
                String id = WaitList.trailingMessageId(e.key());
                if (id != null && !messageExists.test(id) && delete(database, e.key())) {
                    done.add("deleted " + e.key() + " (no message)");
                }
            }
        }
        return done;
    }

    /**
     * The value of a wait-&lt;transport&gt; record: the ids of the messages waiting for one
     * host, oldest first, separated by single spaces.
     */
    final class WaitList {
        /** An Exim message id: 4.96's 6-6-2 form, or the 6-11-4 form of later versions. */
        private static final Pattern ID = Pattern.compile("[A-Za-z0-9]{6}-(?:[A-Za-z0-9]{6}-[A-Za-z0-9]{2}"
                + "|[A-Za-z0-9]{11}-[A-Za-z0-9]{4})");

        private WaitList() {
        }

        public static List<String> decode(String value) {
            List<String> ids = new ArrayList<>();
            for (String s : value.trim().split(" +")) {
                if (!s.isEmpty()) {
                    ids.add(s);
                }
            }
            return ids;
        }

        public static String encode(List<String> ids) {
            return String.join(" ", new LinkedHashSet<>(ids));
        }

        /** Adds an id at the end unless it is there already (transport_update_waiting). */
        public static String add(Optional<String> value, String id) {
            List<String> ids = value.map(WaitList::decode).orElseGet(ArrayList::new);
            if (!ids.contains(id)) {
                ids.add(id);
            }
            return encode(ids);
        }

        /** The message id that ends a key after a colon, as exim_tidydb finds one, or null. */
        public static String trailingMessageId(String key) {
            int colon = key.lastIndexOf(':');
            if (colon < 0) {
                return null;
            }
            String id = key.substring(colon + 1);
            return ID.matcher(id).matches() ? id : null;
        }

        /** Whether a string is a message id. */
        public static boolean isMessageId(String s) {
            return ID.matcher(s).matches();
        }
    }
}
