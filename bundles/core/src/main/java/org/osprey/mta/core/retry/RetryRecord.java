package org.osprey.mta.core.retry;

import java.util.Objects;

/**
 * A record of the retry database (Exim's dbdata_retry less its time stamp, which the store
 * keeps): when the destination first failed, when it was last tried, when it may be tried
 * next, whether it has passed its final cutoff, and the last error. Times are seconds since
 * the epoch.
 *
 * <p>Its value in the store is one line, fields separated by single spaces, the text last
 * so that it may hold spaces: {@code <first_failed> <last_try> <next_try> <T|F> <error>
 * <more> <text>}, where {@code <error>} is the name of the error's kind in lower case
 * ({@code any}, {@code refused}, {@code timeout}, {@code rcpt_4xx} ...) and {@code <more>}
 * Exim's extra data as a decimal number. Example:
 * {@code 1700000000 1700003600 1700007200 F refused 77 H=mx.example [192.0.2.1]: Connection refused}.
 *
 * @param firstFailed when the destination first failed
 * @param lastTry when it was last tried
 * @param nextTry when it may be tried again
 * @param expired whether it has been failing for longer than its rule's final cutoff
 * @param error the last error
 * @param text the last error's message (at most {@link #TEXT_LIMIT} characters, printable)
 */
public record RetryRecord(long firstFailed, long lastTry, long nextTry, boolean expired, RetryError error,
        String text) {

    /** Exim's EXIM_DB_RLIMIT: the longest message kept. */
    public static final int TEXT_LIMIT = 150;

    public RetryRecord {
        Objects.requireNonNull(error, "error");
        text = printable(Objects.requireNonNull(text, "text"));
    }

    /** The record's value in the store. */
    public String encode() {
        return firstFailed + " " + lastTry + " " + nextTry + " " + (expired ? 'T' : 'F') + " "
                + error.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + error.more() + " " + text;
    }

    /**
     * Reads a stored value.
     *
     * @throws IllegalArgumentException when the value is not a retry record (a caller treats
     *         that as no record: hints may be lost, never trusted blindly)
     */
    public static RetryRecord decode(String value) {
        String[] f = value.split(" ", 7);
        if (f.length < 6) {
            throw new IllegalArgumentException("not a retry record: " + value);
        }
        try {
            RetryError.Kind kind = RetryError.Kind.valueOf(f[4].toUpperCase(java.util.Locale.ROOT));
            if (!f[3].equals("T") && !f[3].equals("F")) {
                throw new IllegalArgumentException("not a retry record: " + value);
            }
            return new RetryRecord(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), f[3].equals("T"),
                    new RetryError(kind, Integer.parseInt(f[5])), f.length > 6 ? f[6] : "");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a retry record: " + value, e);
        }
    }

    /** Exim's string_printing, cut to the limit: control characters and non-ASCII shown as escapes. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length() && out.length() < TEXT_LIMIT; i++) {
            char c = s.charAt(i);
            if (c >= 32 && c < 127) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\x%02x", c & 0xff));
            }
        }
        return out.length() > TEXT_LIMIT ? out.substring(0, TEXT_LIMIT) : out.toString();
    }
}
