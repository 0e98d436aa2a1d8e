package org.osprey.mta.transport.autoreply;

import java.util.Optional;
import org.osprey.mta.kernel.transport.TransportHints;

/**
 * The {@code once} records without {@code once_file_size}, where Exim keeps a DBM file named
 * by {@code once} (key: the To: value, data: the time of the reply). Osprey keeps them in the
 * engine's hints store instead, so that they are shared by every node of a cluster and kept
 * with the other hints: database {@value #DATABASE}, key the {@code once} value and the To:
 * value separated by a newline (a file name has none in practice), value the time of the
 * reply in seconds since the epoch, in decimal. As with every hint, losing them costs only a
 * repeated reply; and a store that cannot be used neither fails nor holds up the delivery.
 */
final class OnceHints implements OnceRecords {
    static final String DATABASE = "autoreply";

    private final TransportHints hints;
    private final String once;

    OnceHints(TransportHints hints, String once) {
        this.hints = hints;
        this.once = once;
    }

    static String key(String once, String to) {
        return once + "\n" + to;
    }

    @Override
    public long lastSent(String to) {
        Optional<TransportHints.Record> record = hints.get(DATABASE, key(once, to));
        try {
            return record.map(r -> Long.parseLong(r.value().trim())).orElse(0L);
        } catch (NumberFormatException e) {
            return 0; // a record that does not read is no record, as for every hint
        }
    }

    @Override
    public void record(String to, long now) {
        hints.put(DATABASE, key(once, to), Long.toString(now));
    }

    @Override
    public void close() {
    }
}
