package org.osprey.mta.core.retry;

import java.util.List;
import java.util.Objects;
import org.osprey.mta.core.config.Location;

/**
 * One line of the {@code begin retry} section: a pattern (a host or domain name pattern, or
 * an address pattern, matched as one item of an address list), the error it applies to,
 * an optional {@code senders =} address list, and its parameter sets in order (none at
 * all means "never retry": the destination times out at once).
 *
 * @param pattern the pattern, dequoted
 * @param error the error the rule is for ({@link RetryError#ANY} for {@code *})
 * @param senders the senders list, or null when the rule has none
 * @param steps the F, G and H parameter sets, in order
 * @param location where the line is
 */
public record RetryRule(String pattern, RetryError error, String senders, List<RetryStep> steps, Location location) {
    public RetryRule {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(error, "error");
        steps = List.copyOf(steps);
    }

    /** The last set's cutoff: how long a destination may fail before it times out; 0 with no sets. */
    public int finalCutoff() {
        return steps.isEmpty() ? 0 : steps.get(steps.size() - 1).cutoff();
    }

    /** The line as -brt prints it after "Retry rule: ". */
    String testText() {
        StringBuilder s = new StringBuilder(pattern).append("  ").append(error.testName()).append("  ");
        for (RetryStep step : steps) {
            s.append(step.testText()).append("; ");
        }
        return s.toString();
    }
}
