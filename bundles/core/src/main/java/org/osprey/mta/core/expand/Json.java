package org.osprey.mta.core.expand;

/**
 * The little JSON reading Exim does for {@code extract json}, {@code forall_json} and friends:
 * strip the brackets of an array or object, split at top-level commas, unquote strings. It is
 * not a JSON parser and, as in Exim, does not treat brackets inside strings specially.
 */
final class Json {
    private Json() {
    }

    /** Exim's dewrap: the text inside the leading {@code open} and its matching {@code close}; throws the error text. */
    static String dewrap(String s, char open, char close) throws Unwrapped {
        int p = 0;
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        boolean quotes = open == close;
        if (p < s.length() && s.charAt(p) == open) {
            int start = ++p;
            int depth = 0;
            while (p < s.length()) {
                char c = s.charAt(p);
                if (c == '\\') {
                    p++;
                } else if (!quotes && c == open) {
                    depth++;
                } else if (c == close) {
                    if (depth == 0) {
                        return s.substring(start, p);
                    }
                    depth--;
                }
                p++;
            }
            throw new Unwrapped("missing '" + close + "'");
        }
        throw new Unwrapped("missing '" + open + "'");
    }

    /** The text after the closing quote of a string that {@link #dewrap} unquoted from {@code s}. */
    static String afterQuoted(String s) {
        int p = 0;
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        p++;
        while (p < s.length() && s.charAt(p) != '"') {
            if (s.charAt(p) == '\\') {
                p++;
            }
            p++;
        }
        return p + 1 <= s.length() ? s.substring(p + 1) : "";
    }

    /** Splits at top-level commas; each element with leading white space removed. Empty elements end the list. */
    static final class Elements {
        private final String s;
        private int pos;

        Elements(String s) {
            this.s = s;
        }

        String next() {
            while (pos < s.length() && Chars.isSpace(s.charAt(pos))) {
                pos++;
            }
            int start = pos;
            int arrays = 0;
            int objects = 0;
            while (pos < s.length() && (s.charAt(pos) != ',' || arrays != 0 || objects != 0)) {
                switch (s.charAt(pos)) {
                    case '[': arrays++; break;
                    case ']': arrays--; break;
                    case '{': objects++; break;
                    case '}': objects--; break;
                    default: break;
                }
                pos++;
            }
            int end = pos;
            if (pos < s.length()) {
                pos++;
            }
            return end == start ? null : s.substring(start, end);
        }
    }

    /** A bracket or quote that was not where it should be. */
    static final class Unwrapped extends Exception {
        private static final long serialVersionUID = 1L;

        Unwrapped(String message) {
            super(message, null, false, false);
        }
    }
}
