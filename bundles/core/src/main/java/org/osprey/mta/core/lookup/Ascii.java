package org.osprey.mta.core.lookup;

/** The C library's character classes in the C locale, which Exim's parsing of lookups relies on. */
final class Ascii {
    private Ascii() {
    }

    /** C's isspace: space, tab, newline, vertical tab, form feed, carriage return. */
    static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** The text without its leading white space. */
    static String stripLeadingSpace(String s) {
        int at = 0;
        while (at < s.length() && isSpace(s.charAt(at))) {
            at++;
        }
        return s.substring(at);
    }
}
