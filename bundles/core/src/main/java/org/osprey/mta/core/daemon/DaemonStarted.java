package org.osprey.mta.core.daemon;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * Exim's daemon start line, word for word, so that log readers that know Exim's logs read
 * Osprey's: {@code exim 4.96 daemon started: pid=123, -q30m, listening for SMTP on
 * [127.0.0.1]:2525}, or {@code ..., not listening for SMTP} for a queue-running daemon.
 */
public final class DaemonStarted {
    private DaemonStarted() {
    }

    /**
     * @param queueInterval the -q interval, or null for no queue runs
     * @param addresses what is listened on; empty when the daemon only runs the queue
     */
    public static String line(long pid, Duration queueInterval, List<ListenAddress> addresses, Set<Integer> tlsPorts) {
        String queue = queueInterval == null ? "no queue runs" : "-q" + TimeValues.format(queueInterval.toSeconds());
        if (addresses.isEmpty()) {
            return "exim 4.96 daemon started: pid=" + pid + ", " + queue + ", not listening for SMTP";
        }
        return "exim 4.96 daemon started: pid=" + pid + ", " + queue + ", listening for "
                + ListenAddresses.describe(addresses, tlsPorts);
    }
}
