package org.osprey.mta.transport.lmtp;

/**
 * Exim's string_printing: a printable version of a string, for messages. Characters
 * outside printable ASCII become C escapes ({@code \n}, {@code \r} ...) or three octal digits.
 */
final class Printing {
    private Printing() {
    }

    /** {@code text} holds bytes as ISO-8859-1 characters. */
    static String of(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                out.append(c);
                continue;
            }
            out.append('\\');
            switch (c) {
                case '\n' -> out.append('n');
                case '\r' -> out.append('r');
                case '\b' -> out.append('b');
                case 0x0b -> out.append('v');
                case '\f' -> out.append('f');
                case '\t' -> out.append('t');
                default -> out.append(String.format("%03o", (int) c & 0xff));
            }
        }
        return out.toString();
    }
}
