package org.osprey.mta.core.config;

/**
 * One logical line of the configuration: physical lines joined at their trailing
 * backslashes, macros replaced, leading and trailing white space removed.
 *
 * @param text the line
 * @param location where its last physical line is
 */
public record LogicalLine(String text, Location location) {
}
