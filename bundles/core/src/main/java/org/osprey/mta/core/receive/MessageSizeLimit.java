package org.osprey.mta.core.receive;

import org.osprey.mta.kernel.address.Rfc822;

/** message_size_limit after expansion, read as Exim reads it (an integer with K, M or G). */
public final class MessageSizeLimit {
    private MessageSizeLimit() {
    }

    /**
     * The limit in bytes; {@link Integer#MAX_VALUE} for none (empty, or 0).
     *
     * @throws IllegalArgumentException with Exim's panic text when the value is not a size
     */
    public static long parse(String expanded) {
        String s = expanded;
        int p = 0;
        while (p < s.length() && Rfc822.isSpace(s.charAt(p))) {
            p++;
        }
        if (p == s.length()) {
            return Integer.MAX_VALUE;
        }
        int q = p;
        if (q < s.length() && (s.charAt(q) == '-' || s.charAt(q) == '+')) {
            q++;
        }
        int digits = q;
        while (q < s.length() && Character.isDigit(s.charAt(q))) {
            q++;
        }
        if (q == digits) {
            throw new IllegalArgumentException("invalid value for message_size_limit: integer expected but \"" + expanded + "\" found");
        }
        long value;
        try {
            value = Long.parseLong(s.substring(p, q));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value for message_size_limit: absolute value of integer \"" + expanded
                    + "\" is too large (overflow)");
        }
        if (value < 0) {
            throw new IllegalArgumentException("invalid value for message_size_limit: non-negative integer expected but \"" + expanded
                    + "\" found");
        }
        if (q < s.length()) {
            switch (Character.toLowerCase(s.charAt(q))) {
                case 'k' -> {
                    value *= 1024;
                    q++;
                }
                case 'm' -> {
                    value *= 1024 * 1024;
                    q++;
                }
                case 'g' -> {
                    value *= 1024L * 1024 * 1024;
                    q++;
                }
                default -> {
                }
            }
        }
        while (q < s.length() && Rfc822.isSpace(s.charAt(q))) {
            q++;
        }
        if (q < s.length()) {
            throw new IllegalArgumentException("invalid value for message_size_limit: invalid integer \"" + expanded + "\"");
        }
        int limit = (int) value;
        return limit <= 0 ? Integer.MAX_VALUE : limit;
    }
}
