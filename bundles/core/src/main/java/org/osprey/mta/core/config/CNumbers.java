package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.at;
import static org.osprey.mta.core.config.AsciiChars.isDigit;
import static org.osprey.mta.core.config.AsciiChars.isSpace;

import java.math.BigInteger;

/**
 * The C library's number reading as Exim relies on it: {@code strtol} (64-bit, with its
 * base detection and overflow clamping), {@code sscanf("%d")} (a long cut to 32 bits), and
 * Exim's own time reader, whose arithmetic wraps at 32 bits as it does in C. Exim's
 * messages depend on exactly where these stop, so they are reproduced, not approximated.
 */
final class CNumbers {
    private CNumbers() {
    }

    /** What strtol read: the value, where it stopped (the start when nothing was read), and ERANGE. */
    record Parsed(long value, int end, boolean overflow) {
    }

    /** strtol(text + start, &end, base) on a 64-bit system; base 0, 8, 10 or 16. */
    static Parsed strtol(String text, int start, int base) {
        int i = AsciiChars.skipSpace(text, start);
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

    /** sscanf(text + start, "%d%n"): null when no number; else the value cut to int and the end. */
    static Parsed scanInt(String text, int start) {
        int i = AsciiChars.skipSpace(text, start);
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

    /**
     * Exim's readconf_readtime: a sequence of number-and-unit pairs ({@code w d h m s})
     * ending at {@code terminator} (0 for the end of the text).
     *
     * @return the seconds, or -1 when the text is not a time (or the sum wrapped negative)
     */
    static int readTime(String text, int start, char terminator) {
        int yield = 0;
        int s = start;
        for (;;) {
            if (!isDigit(at(text, s))) {
                return -1;
            }
            Parsed p = scanInt(text, s);
            int value = (int) p.value();
            s = p.end();
            switch (at(text, s)) {
                case 'w':
                    value *= 7;
                    // fall through
                case 'd':
                    value *= 24;
                    // fall through
                case 'h':
                    value *= 60;
                    // fall through
                case 'm':
                    value *= 60;
                    // fall through
                case 's':
                    s++;
                    break;
                default:
                    return -1;
            }
            yield += value;
            if (at(text, s) == terminator) {
                return yield;
            }
        }
    }

    /** Exim's readconf_printtime: {@code 1w2d3h4m5s} without the zero units, {@code 0s} for nothing. */
    static String printTime(long seconds) {
        StringBuilder out = new StringBuilder();
        long t = seconds;
        if (t < 0) {
            out.append('-');
            t = -t;
        }
        long s = t % 60;
        t /= 60;
        long m = t % 60;
        t /= 60;
        long h = t % 24;
        t /= 24;
        long d = t % 7;
        long w = t / 7;
        int mark = out.length();
        if (w > 0) {
            out.append(w).append('w');
        }
        if (d > 0) {
            out.append(d).append('d');
        }
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0 || out.length() == mark) {
            out.append(s).append('s');
        }
        return out.toString();
    }

    /** Skips white space from {@code i}, as Exim does before checking for extra characters. */
    static int skipSpace(String text, int i) {
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }
}
