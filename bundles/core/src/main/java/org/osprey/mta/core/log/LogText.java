package org.osprey.mta.core.log;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.osprey.mta.kernel.option.TimeValues;

/** Exim's ways of putting values into log lines: string_printing, the quoted T= and C= values, times. */
public final class LogText {
    private LogText() {
    }

    /**
     * Exim's string_printing: non-printing characters become {@code \n}, {@code \r},
     * {@code \b}, {@code \v}, {@code \f}, {@code \t} or a three-digit octal escape. Characters
     * above 126 count as non-printing, as in the C locale Exim logs in.
     */
    public static String printing(String s) {
        return printing(s, false);
    }

    /** string_printing2 with SP_TAB|SP_SPACE: spaces are escaped too (the SNI= value). */
    static String printing(String s, boolean escapeSpace) {
        StringBuilder out = null;
        for (int i = 0; i < s.length();) {
            int c = s.codePointAt(i);
            int next = i + Character.charCount(c);
            boolean printable = c >= 32 && c < 127 && !(escapeSpace && c == ' ');
            if (printable) {
                if (out != null) {
                    out.append((char) c);
                }
                i = next;
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\b' -> out.append("\\b");
                case 0x0b -> out.append("\\v");
                case '\f' -> out.append("\\f");
                case '\t' -> out.append("\\t");
                default -> {
                    // Exim sees the bytes: each byte of the UTF-8 form gets its own octal escape.
                    for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                        out.append('\\').append(octal(b & 0xff));
                    }
                }
            }
            i = next;
        }
        return out == null ? s : out.toString();
    }

    private static String octal(int c) {
        String o = Integer.toOctalString(c);
        return "000".substring(o.length()) + o;
    }

    /**
     * A value in double quotes with {@code "} and {@code \} backslash-quoted, at most
     * {@code limit} characters of it, then made printing (the T= subject; limit 100).
     */
    static String quoted(String s, int limit, boolean thenPrinting) {
        StringBuilder out = new StringBuilder(s.length() + 4).append('"');
        for (int i = 0; i < s.length() && i < limit; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        String q = out.append('"').toString();
        return thenPrinting ? printing(q) : q;
    }

    /**
     * Exim's string_timediff: {@code 0.019s} when +millisec is on and the time is under five
     * seconds, otherwise Exim's printed time ({@code 0s}, {@code 1m5s}).
     */
    static String duration(Duration d, LogSelector selector) {
        Duration t = d.isNegative() ? Duration.ZERO : d;
        if (t.getSeconds() >= 5 || !selector.on(Selector.MILLISEC)) {
            return TimeValues.format(t.getSeconds());
        }
        return t.getSeconds() + "." + String.format("%03d", t.toMillisPart()) + "s";
    }
}
