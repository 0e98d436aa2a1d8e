package org.osprey.mta.kernel.option;

import java.math.BigInteger;

/**
 * The C library's number reading as Exim relies on it: {@code strtol} (64-bit, with its
 * base detection and overflow clamping) and {@code sscanf("%d")} (a long cut to 32 bits).
 * Exim's values and messages depend on exactly where these stop, so they are reproduced,
 * not approximated. White space and digits are those of the "C" locale (ASCII only).
 * For drivers and the engine alike, whenever they read a number the way Exim does.
 */
public final class CNumbers {
    private CNumbers() {
    }

    /**
     * What was read.
     *
     * @param value the value (clamped to the long range on overflow, cut to int by {@link #scanInt})
     * @param end where reading stopped; the start when nothing was read
     * @param overflow strtol's ERANGE
     */
    public record Parsed(long value, int end, boolean overflow) {
    }

    /** {@code strtol(text + start, &end, base)} on a 64-bit system; base 0, 8, 10 or 16. */
    public static Parsed strtol(String text, int start, int base) {
        int i = skipSpace(text, start);
        boolean negative = false;
        if (at(text, i) == '-' || at(text, i) == '+') {
            negative = at(text, i) == '-';
            i++;
        }
        if ((base == 0 || base == 16) && at(text, i) == '0' && (at(text, i + 1) == 'x' || at(text, i + 1) == 'X')
                && Character.digit(at(text, i + 2), 16) >= 0) {
            base = 16;
            i += 2;
        } else if (base == 0) {
            base = at(text, i) == '0' ? 8 : 10;
        }
        int digits = i;
        while (i < text.length() && text.charAt(i) < 128 && Character.digit(text.charAt(i), base) >= 0) {
            i++;
        }
        if (i == digits) {
            return new Parsed(0, start, false);
        }
        BigInteger value = new BigInteger(text.substring(digits, i), base);
        if (negative) {
            value = value.negate();
        }
        if (value.bitLength() > 63) {
            return new Parsed(negative ? Long.MIN_VALUE : Long.MAX_VALUE, i, true);
        }
        return new Parsed(value.longValue(), i, false);
    }

    /** {@code sscanf(text + start, "%d%n")}: null when there is no number; else the value cut to int, and the end. */
    public static Parsed scanInt(String text, int start) {
        int i = skipSpace(text, start);
        int signAt = i;
        if (at(text, i) == '-' || at(text, i) == '+') {
            i++;
        }
        if (!isDigit(at(text, i))) {
            return null;
        }
        Parsed p = strtol(text, signAt, 10);
        return new Parsed((int) p.value(), p.end(), p.overflow());
    }

    /** The index of the first character at or after {@code i} that is not C white space. */
    public static int skipSpace(String text, int i) {
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** C's isspace in the "C" locale: space, tab, newline, vertical tab, form feed, carriage return. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The character at {@code i}, or 0 past the end, as a C string reads. */
    static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }
}
