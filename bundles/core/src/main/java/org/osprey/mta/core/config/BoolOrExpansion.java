package org.osprey.mta.core.config;

/**
 * The value of an expandable boolean router option ({@code more}, {@code unseen}): true or
 * false, or (when the text has a dollar) a string expanded at routing time.
 *
 * @param value the value, or null when it is an expansion
 * @param expansion the text to expand, or null when the value is fixed
 */
public record BoolOrExpansion(Boolean value, String expansion) {
}
