package org.osprey.mta.core.retry;

import java.time.Instant;
import java.util.Optional;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The misc hints: serialisation of connections to a host (the smtp transport's
 * serialize_hosts, key {@code host-serialize-<host>}) and of ETRN queue runs
 * (smtp_etrn_serialize, key {@code etrn-<argument>} with Exim's trailing newline), as
 * Exim's enq_start and enq_end. The value is the number of holders, in decimal. A record
 * older than six hours is ignored, since a crash may leave one behind.
 *
 * <p>When the store fails, {@link #start} answers false (do not proceed now, as Exim does
 * when the misc database will not open): the message waits, nothing is lost.
 */
public final class Serialisation {
    private final HintsStore store;

    public Serialisation(HintsStore store) {
        this.store = store;
    }

    /** The key for connections to a host. */
    public static String hostKey(String hostName) {
        return "host-serialize-" + hostName;
    }

    /** The key for ETRN runs with an argument (Exim puts a newline after it). */
    public static String etrnKey(String argument) {
        return "etrn-" + argument + "\n";
    }

    /** Takes a place if fewer than {@code limit} hold one; false when full (or the store fails). */
    public boolean start(String key, int limit, Instant now) {
        boolean[] ok = {false};
        try {
            // A full, fresh record is left as it is (rewriting it would renew its time stamp and
            // keep a crashed holder's record from ever going stale).
            Optional<HintsStore.Entry> seen = store.get(HintsStore.MISC, key);
            if (seen.isPresent() && fresh(seen.get(), now) && parse(seen.get().value()) >= limit) {
                return false;
            }
            store.update(HintsStore.MISC, key, current -> {
                int count = 0;
                if (current.isPresent() && fresh(current.get(), now)) {
                    count = parse(current.get().value());
                    if (count >= limit) {
                        ok[0] = false;
                        return Optional.of(current.get().value());
                    }
                }
                ok[0] = true;
                return Optional.of(Integer.toString(count + 1));
            });
        } catch (HintsException e) {
            return false;
        }
        return ok[0];
    }

    /** Gives a place back; the record goes when nobody holds one. */
    public void end(String key) {
        try {
            store.update(HintsStore.MISC, key, current -> {
                if (current.isEmpty()) {
                    return Optional.empty();
                }
                int count = parse(current.get().value()) - 1;
                return count > 0 ? Optional.of(Integer.toString(count)) : Optional.empty();
            });
        } catch (HintsException e) {
            // The record is left to go stale after six hours, as after a crash.
        }
    }

    private static boolean fresh(HintsStore.Entry entry, Instant now) {
        return now.getEpochSecond() - entry.timeStamp().getEpochSecond() < HintsStore.MISC_STALE.toSeconds();
    }

    private static int parse(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
