package org.osprey.mta.kernel.option;

/**
 * Exim's time intervals: a sequence of numbers each followed by a unit, {@code w} weeks,
 * {@code d} days, {@code h} hours, {@code m} minutes, {@code s} seconds, with no white
 * space, as in {@code 3h50m}. A number without a unit is not a time (Exim refuses
 * {@code 30}; it wants {@code 30s}). Drivers whose expanded options hold times use this
 * to read them after expansion.
 */
public final class TimeValues {
    private static final long MAX_SECONDS = Integer.MAX_VALUE;

    private TimeValues() {
    }

    /**
     * The number of seconds {@code text} stands for, or -1 when it is not a time interval
     * (or exceeds Exim's 32-bit range).
     */
    public static long parse(String text) {
        if (text.isEmpty()) {
            return -1;
        }
        long total = 0;
        int pos = 0;
        while (pos < text.length()) {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos == start || pos == text.length() || pos - start > 10) {
                return -1;
            }
            long value = Long.parseLong(text.substring(start, pos));
            long unit = switch (text.charAt(pos)) {
                case 'w' -> 7L * 24 * 60 * 60;
                case 'd' -> 24L * 60 * 60;
                case 'h' -> 60L * 60;
                case 'm' -> 60L;
                case 's' -> 1L;
                default -> -1L;
            };
            if (unit < 0) {
                return -1;
            }
            pos++;
            total += value * unit;
            if (total > MAX_SECONDS) {
                return -1;
            }
        }
        return total;
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
