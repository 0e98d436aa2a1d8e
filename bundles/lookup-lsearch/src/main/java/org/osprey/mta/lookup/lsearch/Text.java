package org.osprey.mta.lookup.lsearch;

import org.osprey.mta.kernel.option.CNumbers;

/**
 * The character rules of Exim's file parsing: C's isspace (the kernel's
 * {@link CNumbers#isSpace}), ASCII case folding and backslash escapes.
 */
final class Text {
    private Text() {
    }

    /** The text without its leading white space. */
    static String stripLeadingSpace(String s) {
        return s.substring(CNumbers.skipSpace(s, 0));
    }

    /** Trims white space at both ends. */
    static String trimSpace(String s) {
        int end = s.length();
        while (end > 0 && CNumbers.isSpace(s.charAt(end - 1))) {
            end--;
        }
        return stripLeadingSpace(s.substring(0, end));
    }

    /** Trims white space at both ends, keeping a trailing space escaped by a backslash (Exim's list items). */
    static String trimListItem(String s) {
        int start = 0;
        while (start < s.length() && CNumbers.isSpace(s.charAt(start))) {
            start++;
        }
        int end = s.length();
        while (end > start && CNumbers.isSpace(s.charAt(end - 1)) && (end - start == 1 || s.charAt(end - 2) != '\\')) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Lower case for ASCII letters only, as C's tolower in the C locale. */
    static String lowerAscii(String s) {
        StringBuilder lower = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (lower == null) {
                    lower = new StringBuilder(s);
                }
                lower.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return lower == null ? s : lower.toString();
    }

    /** Whether {@code s} ends with {@code suffix}, ignoring ASCII case. */
    static boolean endsWithIgnoreAsciiCase(String s, String suffix) {
        return s.length() >= suffix.length()
                && lowerAscii(s.substring(s.length() - suffix.length())).equals(lowerAscii(suffix));
    }

    /**
     * Reads the backslash escape at {@code at} (Exim's string_interpret_escape): up to three
     * octal digits, {@code \b \f \n \r \t \v}, {@code \x} and up to two hex digits, or the
     * next character itself; a backslash at the end stands for itself.
     *
     * @return the index of the last character of the escape
     */
    static int unescape(String s, int at, StringBuilder out) {
        if (at + 1 >= s.length()) {
            out.append('\\');
            return at;
        }
        char c = s.charAt(++at);
        if (c >= '0' && c <= '7') {
            int value = c - '0';
            for (int i = 0; i < 2 && at + 1 < s.length() && isOctal(s.charAt(at + 1)); i++) {
                value = value * 8 + s.charAt(++at) - '0';
            }
            out.append((char) (value & 0xff));
            return at;
        }
        switch (c) {
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'v' -> out.append('\u000b');
            case 'x' -> {
                int value = 0;
                for (int i = 0; i < 2 && at + 1 < s.length() && Character.digit(s.charAt(at + 1), 16) >= 0
                        && s.charAt(at + 1) < 0x80; i++) {
                    value = value * 16 + Character.digit(s.charAt(++at), 16);
                }
                out.append((char) value);
            }
            default -> out.append(c);
        }
        return at;
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
