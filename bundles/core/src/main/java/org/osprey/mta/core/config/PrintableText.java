package org.osprey.mta.core.config;

/**
 * How {@code -bP} shows a string value, as Exim's string_printing2: characters outside
 * printable ASCII become escapes ({@code \n}, {@code \t}, three octal digits ...), and
 * bytes above 127 are shown as they are only when {@code print_topbitchars} is set.
 */
final class PrintableText {
    private PrintableText() {
    }

    /**
     * @param escapeTabs escape tab characters too (Exim's SP_TAB, used for option values)
     * @param topBitChars the value of {@code print_topbitchars}
     */
    static String of(String s, boolean escapeTabs, boolean topBitChars) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean printable = c >= 32 && c <= 126 || c == '\t' && !escapeTabs || c > 127 && topBitChars;
            if (printable) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            out.append('\\');
            switch (c) {
                case '\n' -> out.append('n');
                case '\r' -> out.append('r');
                case '\b' -> out.append('b');
                case 0x0b -> out.append('v');
                case '\f' -> out.append('f');
                case '\t' -> out.append('t');
                default -> out.append(String.format("%03o", c & 0xff));
            }
        }
        return out == null ? s : out.toString();
    }
}
