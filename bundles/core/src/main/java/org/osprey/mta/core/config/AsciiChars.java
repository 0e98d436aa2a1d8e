package org.osprey.mta.core.config;

/**
 * The C library's character classes in the "C" locale, which is what Exim's reader uses:
 * only ASCII letters and digits count, and white space is space, tab, newline, vertical
 * tab, form feed and carriage return. The configuration is read as ISO-8859-1, one char
 * per byte, so a byte above 127 is never a letter here, as in Exim. Never locale-aware.
 */
final class AsciiChars {
    private AsciiChars() {
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isUpper(int c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isAlpha(int c) {
        return isUpper(c) || c >= 'a' && c <= 'z';
    }

    static boolean isAlnum(int c) {
        return isAlpha(c) || isDigit(c);
    }

    /** A letter, digit or underscore: the characters of option, macro and driver names. */
    static boolean isNameChar(int c) {
        return isAlnum(c) || c == '_';
    }

    static boolean isXDigit(int c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    static boolean isPunct(int c) {
        return c > 32 && c < 127 && !isAlnum(c);
    }

    static boolean isCntrl(int c) {
        return c >= 0 && c < 32 || c == 127;
    }

    /** The character at {@code i}, or 0 past the end, as a C string reads. */
    static char at(CharSequence s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    /** The index of the first character at or after {@code i} that is not white space. */
    static int skipSpace(CharSequence s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** {@code s} without trailing white space. */
    static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    static char toLower(char c) {
        return isUpper(c) ? (char) (c + 32) : c;
    }

    /** Compares ASCII case-insensitively, as strncmpic does. */
    static boolean startsWithIgnoreCase(String s, int offset, String prefix) {
        if (s.length() - offset < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (toLower(s.charAt(offset + i)) != toLower(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
