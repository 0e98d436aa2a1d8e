package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** Exim's expanded_string_integer: a decimal integer with an optional K, M or G suffix. */
public final class Numbers {
    private Numbers() {
    }

    static long integer(String s) throws ExpansionException {
        return integer(s, false);
    }

    public static long integer(String s, boolean nonNegative) throws ExpansionException {
        if (s.isEmpty()) {
            return 0;
        }
        int i = 0;
        int n = s.length();
        if (Chars.isSpace(s.charAt(0))) {
            while (i < n && Chars.isSpace(s.charAt(i))) {
                i++;
            }
            if (i == n) {
                return 0;
            }
        }
        int t = i;
        while (t < n && Chars.isSpace(s.charAt(t))) {
            t++;
        }
        boolean negative = false;
        if (t < n && (s.charAt(t) == '-' || s.charAt(t) == '+')) {
            negative = s.charAt(t) == '-';
            t++;
        }
        int digits = t;
        boolean overflow = false;
        long value = 0;
        while (t < n && Chars.isDigit(s.charAt(t))) {
            int d = s.charAt(t) - '0';
            if (value < (Long.MIN_VALUE + d) / 10) {
                overflow = true;
            } else {
                value = value * 10 - d;
            }
            t++;
        }
        String shown = s.substring(i);
        if (t == digits) {
            throw ExpansionException.error("integer expected but \"" + shown + "\" found");
        }
        if (!negative) {
            if (value == Long.MIN_VALUE) {
                overflow = true;
            } else {
                value = -value;
            }
        }
        if (value < 0 && nonNegative) {
            throw ExpansionException.error("non-negative integer expected but \"" + shown + "\" found");
        }
        if (t < n) {
            long factor = switch (Chars.toLower(s.charAt(t))) {
                case 'k' -> 1024L;
                case 'm' -> 1024L * 1024;
                case 'g' -> 1024L * 1024 * 1024;
                default -> 1;
            };
            if (factor > 1) {
                if (value > Long.MAX_VALUE / factor || value < Long.MIN_VALUE / factor) {
                    overflow = true;
                } else {
                    value *= factor;
                }
                t++;
            }
        }
        if (overflow) {
            throw ExpansionException.error("absolute value of integer \"" + shown + "\" is too large (overflow)");
        }
        while (t < n && Chars.isSpace(s.charAt(t))) {
            t++;
        }
        if (t < n) {
            throw ExpansionException.error("invalid integer \"" + shown + "\"");
        }
        return value;
    }
}
