package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** Exim's time intervals ({@code 1d2h3m4s}): read (readconf_readtime) and written (readconf_printtime). */
final class TimeIntervals {
    private TimeIntervals() {
    }

    /** Seconds in an interval such as {@code 2h30m}, or -1 when it is not one. */
    static int read(String s) {
        int yield = 0;
        int p = 0;
        int n = s.length();
        for (;;) {
            if (p >= n || !Chars.isDigit(s.charAt(p))) {
                return -1;
            }
            int value = 0;
            while (p < n && Chars.isDigit(s.charAt(p))) {
                value = value * 10 + s.charAt(p++) - '0';
            }
            char unit = p < n ? s.charAt(p) : 0;
            switch (unit) {
                case 'w': value *= 7 * 24 * 60 * 60; break;
                case 'd': value *= 24 * 60 * 60; break;
                case 'h': value *= 60 * 60; break;
                case 'm': value *= 60; break;
                case 's': break;
                default: return -1;
            }
            p++;
            yield += value;
            if (p >= n) {
                return yield;
            }
        }
    }

    /** An interval as Exim writes it: {@code 1w4d13h46m40s}, {@code 0s}. */
    static String print(int t) {
        StringBuilder b = new StringBuilder();
        if (t < 0) {
            b.append('-');
            t = -t;
        }
        int s = t % 60;
        t /= 60;
        int m = t % 60;
        t /= 60;
        int h = t % 24;
        t /= 24;
        int d = t % 7;
        int w = t / 7;
        int start = b.length();
        if (w > 0) {
            b.append(w).append('w');
        }
        if (d > 0) {
            b.append(d).append('d');
        }
        if (h > 0) {
            b.append(h).append('h');
        }
        if (m > 0) {
            b.append(m).append('m');
        }
        if (s > 0 || b.length() == start) {
            b.append(s).append('s');
        }
        return b.toString();
    }

    static String evalOperator(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        int n = read(s);
        if (n < 0) {
            throw ExpansionException.error("string \"" + s + "\" is not an Exim time interval in \"" + name + "\" operator");
        }
        return Integer.toString(n);
    }

    static String intervalOperator(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        int n = 0;
        int p = 0;
        while (p < s.length() && Chars.isDigit(s.charAt(p))) {
            n = n * 10 + s.charAt(p++) - '0';
        }
        if (p < s.length()) {
            throw ExpansionException.error("string \"" + s + "\" is not a positive number in \"" + name + "\" operator");
        }
        return print(n);
    }
}
