package org.osprey.mta.core.config;

/**
 * The value of a {@code user} or {@code group} option of a router or transport: a uid or
 * gid found when the configuration was read, or (when the text has a dollar) a string
 * expanded at the time of use and looked up then.
 *
 * @param id the uid or gid, or null when the value is an expansion
 * @param expansion the text to expand, or null when the value is an id
 */
public record IdOrExpansion(Long id, String expansion) {
}
