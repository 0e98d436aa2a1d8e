package org.osprey.mta.core.spool;

import java.util.Objects;

/**
 * One "dash line" of a -H file other than an ACL variable: {@code -name value}, or
 * {@code -name} alone for a flag such as {@code -deliver_firsttime}. A second dash
 * ({@code --name}) marks the value as tainted, and {@code (quoter)} after the dashes says which
 * lookup quoted it. It holds text and never interprets it.
 *
 * @param name the variable's name without dashes, e.g. {@code received_protocol}
 * @param value the text after the first space, or null for a flag
 * @param tainted whether the line has a second dash
 * @param quoter the lookup type in parentheses, or null
 */
public record SpoolVariable(String name, String value, boolean tainted, String quoter) {
    public SpoolVariable {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad spool variable name: " + name);
        }
        if (value != null && value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("a spool variable's value is one line: " + name);
        }
    }

    /** An untainted variable with a value. */
    public static SpoolVariable of(String name, String value) {
        return new SpoolVariable(name, value, false, null);
    }

    /** A flag: a line with a name and no value. */
    public static SpoolVariable flag(String name) {
        return new SpoolVariable(name, null, false, null);
    }
}
