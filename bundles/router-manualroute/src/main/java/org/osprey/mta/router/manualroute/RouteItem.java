package org.osprey.mta.router.manualroute;

/**
 * One routing rule, as Exim's {@code parse_route_item} splits it: a domain pattern (only in
 * {@code route_list}), a host list and the option words, separated by white space. The
 * pattern and the host list may be in double quotes, inside which backslash escapes work.
 *
 * @param domainPattern the pattern, or {@code null} for a rule from {@code route_data}
 * @param hostList the host list, not yet expanded; empty when the rule has none
 * @param options the rest of the rule: option words and perhaps a transport name
 */
record RouteItem(String domainPattern, String hostList, String options) {

    /** A rule of {@code route_list}, or {@code null} for an empty one (which Exim skips). */
    static RouteItem ofRule(String text) {
        Cursor c = new Cursor(text);
        c.skipSpace();
        if (c.atEnd()) {
            return null;
        }
        String domain = c.dequote();
        c.skipSpace();
        String hosts = c.dequote();
        c.skipSpace();
        return new RouteItem(domain, hosts, c.rest());
    }

    /** What {@code route_data} expanded to: a host list and options, with no pattern. */
    static RouteItem ofData(String text) {
        Cursor c = new Cursor(text);
        c.skipSpace();
        String hosts = c.dequote();
        c.skipSpace();
        return new RouteItem(null, hosts, c.rest());
    }

    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        boolean atEnd() {
            return i >= s.length();
        }

        void skipSpace() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        String rest() {
            return s.substring(i);
        }

        /** Exim's string_dequote: a word up to white space, or a quoted string with escapes. */
        String dequote() {
            StringBuilder out = new StringBuilder();
            if (i >= s.length() || s.charAt(i) != '"') {
                while (i < s.length() && !Character.isWhitespace(s.charAt(i))) {
                    out.append(s.charAt(i++));
                }
                return out.toString();
            }
            i++;
            while (i < s.length() && s.charAt(i) != '"') {
                if (s.charAt(i) == '\\') {
                    out.append(escape());
                } else {
                    out.append(s.charAt(i));
                }
                i++;
            }
            if (i < s.length()) {
                i++;
            }
            return out.toString();
        }

        /** Exim's string_interpret_escape, with i on the backslash; leaves i on the last character used. */
        private char escape() {
            if (i + 1 >= s.length()) {
                return '\\';
            }
            char ch = s.charAt(++i);
            if (isOctal(ch)) {
                int value = ch - '0';
                for (int n = 0; n < 2 && i + 1 < s.length() && isOctal(s.charAt(i + 1)); n++) {
                    value = value * 8 + s.charAt(++i) - '0';
                }
                return (char) (value & 0xff);
            }
            switch (ch) {
                case 'b': return '\b';
                case 'f': return '\f';
                case 'n': return '\n';
                case 'r': return '\r';
                case 't': return '\t';
                case 'v': return '\u000b';
                case 'x': {
                    int value = 0;
                    for (int n = 0; n < 2 && i + 1 < s.length() && Character.digit(s.charAt(i + 1), 16) >= 0; n++) {
                        value = value * 16 + Character.digit(s.charAt(++i), 16);
                    }
                    return (char) value;
                }
                default: return ch;
            }
        }

        private static boolean isOctal(char c) {
            return c >= '0' && c <= '7';
        }
    }
}
