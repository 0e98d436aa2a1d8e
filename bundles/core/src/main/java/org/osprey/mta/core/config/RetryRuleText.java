package org.osprey.mta.core.config;

import java.util.List;
import java.util.Objects;

/**
 * One line of the retry section as the reader accepted it, taken apart: the pattern
 * (dequoted), the error name as written, the {@code senders} list, and the parameter sets.
 * The retry engine builds its rules from these; nothing reads the line a second time.
 *
 * @param pattern the host, domain or address pattern
 * @param errorName the error name as written ({@code *}, {@code rcpt_4xx}, {@code quota_7d} ...)
 * @param senders the {@code senders =} list, or null when the line has none
 * @param steps the parameter sets, in order
 * @param location where the line is
 */
public record RetryRuleText(String pattern, String errorName, String senders, List<Step> steps, Location location) {
    public RetryRuleText {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(errorName, "errorName");
        steps = List.copyOf(steps);
    }

    /**
     * One parameter set, with values as Exim keeps them.
     *
     * @param letter F, G or H
     * @param cutoff the cutoff time in seconds
     * @param first F's interval, G's and H's first interval, in seconds
     * @param multiplier G's and H's multiplier times 1000 (0 for F)
     */
    public record Step(char letter, int cutoff, int first, int multiplier) {
    }
}
