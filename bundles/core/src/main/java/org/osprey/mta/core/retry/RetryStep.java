package org.osprey.mta.core.retry;

import java.util.random.RandomGenerator;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * One of a retry rule's parameter sets: {@code F,<cutoff>,<interval>} (fixed),
 * {@code G,<cutoff>,<first>,<multiplier>} (geometric) or {@code H,<cutoff>,<first>,<multiplier>}
 * (geometric with a random part). A set applies while the destination has been failing for
 * no longer than its cutoff; the last set applies for ever after (its cutoff is when the
 * destination times out). Times are seconds; the multiplier is kept times 1000, as Exim
 * keeps it ({@code 1.5} is 1500).
 *
 * @param letter F, G or H
 * @param cutoff the cutoff time
 * @param interval F's interval, or G's and H's first (and smallest) interval
 * @param multiplier G's and H's multiplier times 1000; 0 for F
 */
public record RetryStep(char letter, int cutoff, int interval, int multiplier) {

    public RetryStep {
        if (letter != 'F' && letter != 'G' && letter != 'H') {
            throw new IllegalArgumentException("unknown retry rule letter");
        }
        if (cutoff <= 0 || interval <= 0 || letter != 'F' && multiplier < 1000) {
            throw new IllegalArgumentException("bad parameters for retry rule");
        }
    }

    /**
     * The next try time after a failure at {@code now}, before retry_interval_max is
     * applied (Exim's retry_update): F adds its interval; G takes the last gap (the smaller
     * of the gap last predicted and the gap that actually passed) times the multiplier, but
     * at least the first interval; H waits the first interval plus a random amount between
     * half and all of (next gap − first interval).
     *
     * @param lastTry the previous attempt, in seconds
     * @param previousNextTry the next try time computed at the previous attempt
     * @param random where H's random part comes from
     */
    public long nextTry(long now, long lastTry, long previousNextTry, RandomGenerator random) {
        if (letter == 'F') {
            return now + interval;
        }
        // Exim computes these in C ints: gaps wrap at 32 bits as Exim's do.
        int lastPredictedGap = (int) (previousNextTry - lastTry);
        int lastActualGap = (int) (now - lastTry);
        int lastGap = Math.min(lastPredictedGap, lastActualGap);
        int nextGap = (int) ((long) lastGap * multiplier / 1000);
        if (letter == 'G') {
            return now + (lastGap < interval ? interval : nextGap);
        }
        long next = now + interval;
        if (nextGap > interval) {
            int span = nextGap - interval;
            next += random.nextInt(span) / 2 + span / 2;
        }
        return next;
    }

    /** As -brt prints it: {@code F,2h,15m}, {@code G,16h,1h,1.5}; H without its multiplier, as Exim 4.96 prints it. */
    public String testText() {
        StringBuilder s = new StringBuilder().append(letter).append(',').append(TimeValues.format(cutoff))
                .append(',').append(TimeValues.format(interval));
        if (letter == 'G') {
            s.append(',').append(multiplierText());
        }
        return s.toString();
    }

    /** The multiplier as Exim prints it: {@code 1.5}, {@code 2.0}, {@code 2.25}. */
    public String multiplierText() {
        int f = multiplier % 1000;
        int d = 100;
        StringBuilder s = new StringBuilder().append(multiplier / 1000).append('.');
        do {
            s.append(f / d);
            f %= d;
            d /= 10;
        } while (f != 0);
        return s.toString();
    }
}
