package org.osprey.mta.core.daemon;

import java.util.HashMap;
import java.util.Map;

/**
 * The daemon's count of SMTP connections in progress, in all and per client address
 * (Exim's smtp_accept_count and smtp_slots). Taken by the accepting thread, given back by
 * each connection's thread when it ends.
 */
final class ConnectionSlots {
    private final Map<String, Integer> perAddress = new HashMap<>();
    private int count;

    synchronized int count() {
        return count;
    }

    synchronized int countFrom(String address) {
        return perAddress.getOrDefault(address, 0);
    }

    /** Takes a slot; returns the count including it. */
    synchronized int take(String address) {
        perAddress.merge(address, 1, Integer::sum);
        return ++count;
    }

    synchronized void release(String address) {
        perAddress.computeIfPresent(address, (k, n) -> n == 1 ? null : n - 1);
        count--;
    }
}
