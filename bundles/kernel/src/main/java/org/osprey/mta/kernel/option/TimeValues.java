package org.osprey.mta.kernel.option;

import static org.osprey.mta.kernel.option.CNumbers.at;
import static org.osprey.mta.kernel.option.CNumbers.isDigit;

/**
 * Exim's time intervals: a sequence of numbers each followed by a unit, {@code w} weeks,
 * {@code d} days, {@code h} hours, {@code m} minutes, {@code s} seconds, with no white
 * space, as in {@code 3h50m}. A number without a unit is not a time (Exim refuses
 * {@code 30}; it wants {@code 30s}). The arithmetic wraps at 32 bits as Exim's does, so a
 * value too large comes out negative, which is "not a time" ({@code 4000w} is refused).
 * Drivers whose expanded options hold times use this to read them after expansion.
 */
public final class TimeValues {
    private TimeValues() {
    }

    /** The number of seconds {@code text} stands for, or -1 when it is not a time interval. */
    public static int parse(String text) {
        return parse(text, 0, '\0');
    }

    /**
     * Exim's readconf_readtime: reads from {@code start} to {@code terminator} (the NUL
     * character for the end of the text).
     *
     * @return the seconds, or a negative number when the text is not a time (or wrapped)
     */
    public static int parse(String text, int start, char terminator) {
        int total = 0;
        int s = start;
        for (;;) {
            if (!isDigit(at(text, s))) {
                return -1;
            }
            CNumbers.Parsed p = CNumbers.scanInt(text, s);
            int value = (int) p.value();
            s = p.end();
            int unit = switch (at(text, s)) {
                case 'w' -> 7 * 24 * 60 * 60;
                case 'd' -> 24 * 60 * 60;
                case 'h' -> 60 * 60;
                case 'm' -> 60;
                case 's' -> 1;
                default -> 0;
            };
            if (unit == 0) {
                return -1;
            }
            s++;
            total += value * unit;
            if (at(text, s) == terminator) {
                return total;
            }
        }
    }

    /** Seconds in Exim's printed form: {@code 1w2d3h4m5s}, leaving out zero units; {@code 0s} for zero. */
    public static String format(long seconds) {
        StringBuilder out = new StringBuilder();
        if (seconds < 0) {
            out.append('-');
            seconds = -seconds;
        }
        long s = seconds % 60;
        long m = seconds / 60 % 60;
        long h = seconds / 3600 % 24;
        long d = seconds / 86400 % 7;
        long w = seconds / 604800;
        int mark = out.length();
        if (w > 0) out.append(w).append('w');
        if (d > 0) out.append(d).append('d');
        if (h > 0) out.append(h).append('h');
        if (m > 0) out.append(m).append('m');
        if (s > 0 || out.length() == mark) out.append(s).append('s');
        return out.toString();
    }
}
