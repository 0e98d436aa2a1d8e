package org.osprey.mta.core.expand;

/** Exim's string_printing2: non-printing bytes as C escapes ({@code \n}, {@code \177}); tabs too when asked. */
final class Printing {
    private Printing() {
    }

    static String escape(String s, boolean tabs) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean printable = (c >= 32 && c < 127) || c == '\t';
            if (printable && !(tabs && c == '\t')) {
                b.append(c);
                continue;
            }
            b.append('\\');
            switch (c) {
                case '\n': b.append('n'); break;
                case '\r': b.append('r'); break;
                case '\b': b.append('b'); break;
                case 0x0b: b.append('v'); break;
                case '\f': b.append('f'); break;
                case '\t': b.append('t'); break;
                default: b.append(String.format("%03o", (int) c & 0xff)); break;
            }
        }
        return b.toString();
    }
}
