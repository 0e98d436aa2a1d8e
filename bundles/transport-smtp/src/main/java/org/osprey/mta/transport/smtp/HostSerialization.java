package org.osprey.mta.transport.smtp;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.osprey.mta.kernel.transport.TransportHints;

/**
 * {@code serialize_hosts}: one connection at a time to a host, through the misc hints as
 * Exim's enq_start and enq_end keep it: the key {@code host-serialize-<host name>}, the value
 * the number of connections (in decimal). A record older than six hours is ignored, since a
 * crash may leave one behind. When the hints cannot be used the host is treated as busy, as
 * Exim does when the misc database will not open: the message waits, nothing is lost.
 */
final class HostSerialization {
    static final String MISC = "misc";
    private static final Duration STALE = Duration.ofHours(6);

    private final TransportHints hints;

    HostSerialization(TransportHints hints) {
        this.hints = hints;
    }

    static String key(String hostName) {
        return "host-serialize-" + hostName;
    }

    /** Takes the host's one place; false when another connection holds it (or the hints fail). */
    boolean start(String key, Instant now) {
        Optional<TransportHints.Record> seen = hints.get(MISC, key);
        if (seen.isPresent() && held(seen.get(), now)) {
            return false;
        }
        boolean[] taken = {false};
        Optional<String> written = hints.update(MISC, key, current -> {
            if (current.isPresent() && held(current.get(), now)) {
                taken[0] = false;
                return Optional.of(current.get().value());
            }
            taken[0] = true;
            return Optional.of("1");
        });
        return written.isPresent() && taken[0];
    }

    /** Gives the place back; the record goes when nobody holds one. */
    void end(String key) {
        hints.update(MISC, key, current -> {
            int count = current.map(r -> count(r.value())).orElse(0) - 1;
            return count > 0 ? Optional.of(Integer.toString(count)) : Optional.empty();
        });
    }

    private static boolean held(TransportHints.Record r, Instant now) {
        return Duration.between(r.timeStamp(), now).compareTo(STALE) < 0 && count(r.value()) >= 1;
    }

    private static int count(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
