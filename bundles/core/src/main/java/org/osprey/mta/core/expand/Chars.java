package org.osprey.mta.core.expand;

/** Exim's character classes in the C locale, over byte strings (one char per byte). */
final class Chars {
    private Chars() {
    }

    static boolean isAlpha(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAlnum(int c) {
        return isAlpha(c) || isDigit(c);
    }

    static boolean isXDigit(int c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** Exim's mac_isgraph: anything above space but DEL, top-bit bytes included. */
    static boolean isGraph(int c) {
        return c > ' ' && c != 127;
    }

    static int toLower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    static int toUpper(int c) {
        return c >= 'a' && c <= 'z' ? c - 32 : c;
    }

    static String lower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.append((char) toLower(s.charAt(i)));
        }
        return b.toString();
    }

    static String upper(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            b.append((char) toUpper(s.charAt(i)));
        }
        return b.toString();
    }

    /** C's strcmp over bytes. */
    static int compare(String a, String b) {
        return a.compareTo(b);
    }

    /** Exim's strcmpic: case-independent comparison, ASCII letters only. */
    static int compareIgnoreCase(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int c = toLower(a.charAt(i)) - toLower(b.charAt(i));
            if (c != 0) {
                return c;
            }
        }
        return a.length() - b.length();
    }

    static String trim(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** The text from {@code pos}, at most {@code max} characters (for messages quoting the rest). */
    static String rest(String s, int pos, int max) {
        if (pos >= s.length()) {
            return "";
        }
        return s.substring(pos, Math.min(s.length(), pos + max));
    }
}
