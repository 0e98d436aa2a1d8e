package org.osprey.mta.core.config;

import java.time.Duration;

/**
 * The value of {@code smtp_receive_timeout}: a time, or (when the text starts with a
 * dollar) a string expanded for each connection.
 *
 * @param time the time, or null when the value is an expansion
 * @param expansion the text to expand, or null when the value is a time
 */
public record TimeOrExpansion(Duration time, String expansion) {
}
