package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.at;
import static org.osprey.mta.core.config.AsciiChars.isDigit;
import static org.osprey.mta.core.config.AsciiChars.isSpace;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * The form of {@code smtp_ratelimit_mail} and {@code smtp_ratelimit_rcpt}: threshold,
 * initial delay, factor and limit, such as {@code 2,0.5s,1.05,4m}, read as Exim's
 * unpick_ratelimit reads it (a scanf pattern, then times that may have fractions of a
 * second). Only says whether Exim would accept it.
 */
final class RateLimit {
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|(?i:inf(?:inity)?|nan))");
    private static final String TIME_CHARS = "0123456789smhdw.";

    private RateLimit() {
    }

    static boolean valid(String s) {
        CNumbers.Parsed threshold = CNumbers.scanInt(s, 0);
        if (threshold == null) {
            return false;
        }
        int p = comma(s, threshold.end());
        if (p < 0) {
            return false;
        }
        int start = p;
        while (p < s.length() && p - start < 15 && TIME_CHARS.indexOf(s.charAt(p)) >= 0) {
            p++;
        }
        if (p == start) {
            return false;
        }
        String base = s.substring(start, p);
        p = comma(s, p);
        if (p < 0) {
            return false;
        }
        p = AsciiChars.skipSpace(s, p);
        Matcher factor = FLOAT.matcher(s).region(p, s.length());
        if (!factor.lookingAt()) {
            return false;
        }
        p = comma(s, factor.end());
        if (p < 0) {
            return false;
        }
        p = AsciiChars.skipSpace(s, p);
        start = p;
        while (p < s.length() && p - start < 15 && !isSpace(s.charAt(p))) {
            p++;
        }
        if (p == start) {
            return false;
        }
        String limit = s.substring(start, p);
        return readMillis(base) >= 0 && readMillis(limit) >= 0;
    }

    /** White space, a comma, white space (the ", " of the scanf pattern); -1 without the comma. */
    private static int comma(String s, int p) {
        p = AsciiChars.skipSpace(s, p);
        if (at(s, p) != ',') {
            return -1;
        }
        return AsciiChars.skipSpace(s, p + 1);
    }

    /** readconf_readtime with fractions of a second allowed: milliseconds, or -1. */
    static long readMillis(String text) {
        long yield = 0;
        int s = 0;
        for (;;) {
            if (!isDigit(at(text, s))) {
                return -1;
            }
            CNumbers.Parsed n = CNumbers.scanInt(text, s);
            int value = (int) n.value();
            s = n.end();
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
                case '.': {
                    Matcher fraction = FLOAT.matcher(text).region(s, text.length());
                    if (!fraction.lookingAt()) {
                        return -1;
                    }
                    double f = Double.parseDouble(fraction.group());
                    s = fraction.end();
                    if (at(text, s++) != 's') {
                        return -1;
                    }
                    yield += (int) (f * 1000.0);
                    break;
                }
                default:
                    return -1;
            }
            value *= 1000;
            yield += value;
            if (s >= text.length()) {
                return yield;
            }
        }
    }
}
