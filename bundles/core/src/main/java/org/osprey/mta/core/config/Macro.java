package org.osprey.mta.core.config;

/**
 * One macro: a name and the text that replaces it.
 *
 * @param name the name: an upper-case letter then letters, digits and underscores, or an
 *        underscore and an upper-case letter for the built-in ones
 * @param replacement the text put in place of the name
 * @param commandLine defined by {@code -D}: the configuration cannot redefine it
 * @param builtin one of Osprey's own ({@code _HAVE_...}, {@code _OPT_MAIN_...})
 */
public record Macro(String name, String replacement, boolean commandLine, boolean builtin) {
}
