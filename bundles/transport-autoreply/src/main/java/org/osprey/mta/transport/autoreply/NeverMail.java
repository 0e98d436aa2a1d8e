package org.osprey.mta.transport.autoreply;

import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * Exim's check_never_mail: takes the addresses that match the never_mail address list out
 * of a To:, Cc: or Bcc: value, leaving the rest of the text (display names, comments) as it
 * was written.
 */
final class NeverMail {
    private final String list;
    private final ListMatcher matcher;

    /**
     * @param list the never_mail option as configured; the matcher expands it
     * @param matcher the delivery's list matcher
     */
    NeverMail(String list, ListMatcher matcher) {
        this.list = list;
        this.matcher = matcher;
    }

    /**
     * The value without the matching addresses: the same string when none matched, null when
     * none is left. A value whose syntax defeats the parser is left as it is from that point.
     *
     * @throws ExpansionException when the list does not expand
     */
    String filter(String value) throws ExpansionException {
        StringBuilder s = new StringBuilder(value);
        boolean hit = false;
        int start = 0;
        while (start < s.length()) {
            int end = addressEnd(s, start);
            String address = operativeAddress(s.substring(start, end));
            if (address == null) {
                break;
            }
            boolean comma = end < s.length() && s.charAt(end) == ',';
            if (matcher.address(list, address) == MatchResult.MATCH) {
                hit = true;
                s.delete(start, comma ? end + 1 : end);
            } else {
                start = comma ? end + 1 : end;
            }
        }
        if (!hit) {
            return value;
        }
        int last = s.length();
        while (last > 0 && (Character.isWhitespace(s.charAt(last - 1)) || s.charAt(last - 1) == ',')) {
            last--;
        }
        String left = s.substring(0, last);
        return left.isBlank() ? null : left;
    }

    /** parse_find_address_end: the comma (or end) that ends the address starting at {@code i}. */
    static int addressEnd(CharSequence s, int i) {
        boolean sourceRouting = i < s.length() && s.charAt(i) == '@';
        int noTerm = sourceRouting ? 1 : 0;
        int n = s.length();
        while (i < n && (s.charAt(i) != ',' || noTerm > 0)) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < n) {
                i += 2;
            } else if (c == '"') {
                while (++i < n) {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    } else if (s.charAt(i) == '"') {
                        i++;
                        break;
                    }
                }
            } else if (c == '(') {
                int level = 1;
                while (++i < n) {
                    if (s.charAt(i) == '\\' && i + 1 < n) {
                        i++;
                    } else if (s.charAt(i) == '(') {
                        level++;
                    } else if (s.charAt(i) == ')' && --level <= 0) {
                        i++;
                        break;
                    }
                }
            } else {
                if (c == '<') {
                    sourceRouting = i + 1 < n && s.charAt(i + 1) == '@';
                    noTerm = sourceRouting ? 2 : 1;
                } else if (c == '>') {
                    noTerm--;
                } else if (sourceRouting && c == ':') {
                    noTerm--;
                }
                i++;
            }
        }
        return Math.min(i, n);
    }

    /**
     * The address in one item of the list (a simpler parse_extract_address): the route-addr in
     * angle brackets, without a source route, or the item without comments and white space;
     * null when there is none.
     */
    static String operativeAddress(String item) {
        String bare = withoutComments(item).strip();
        int open = bare.lastIndexOf('<');
        if (open >= 0) {
            int close = bare.indexOf('>', open);
            if (close < 0) {
                return null;
            }
            bare = bare.substring(open + 1, close).strip();
            if (bare.startsWith("@")) {
                int colon = bare.indexOf(':');
                if (colon < 0) {
                    return null;
                }
                bare = bare.substring(colon + 1);
            }
        } else if (bare.indexOf('>') >= 0) {
            return null;
        }
        bare = bare.replaceAll("\\s+", "");
        return bare.isEmpty() ? null : bare;
    }

    private static String withoutComments(String s) {
        StringBuilder out = new StringBuilder();
        int level = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                if (level == 0) {
                    out.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (c == '"' && level == 0) {
                quoted = !quoted;
                out.append(c);
            } else if (c == '(' && !quoted) {
                level++;
            } else if (c == ')' && !quoted && level > 0) {
                level--;
                out.append(level == 0 ? " " : "");
            } else if (level == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
