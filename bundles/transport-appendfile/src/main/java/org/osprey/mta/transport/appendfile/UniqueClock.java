package org.osprey.mta.transport.appendfile;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times in microseconds that this process never hands out twice. Exim makes maildir names
 * unique from the time and its pid and waits for the clock to tick before the delivery
 * process ends; a JVM delivers many messages at once in one process, so the next time is
 * instead never earlier than one microsecond after the last one handed out.
 */
final class UniqueClock {
    private static final AtomicLong LAST = new AtomicLong();

    private UniqueClock() {
    }

    /** Microseconds since the epoch: now, or just after the last value handed out. */
    static long nextMicros() {
        Instant now = Instant.now();
        long micros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        return LAST.accumulateAndGet(micros, (last, candidate) -> Math.max(last + 1, candidate));
    }
}
