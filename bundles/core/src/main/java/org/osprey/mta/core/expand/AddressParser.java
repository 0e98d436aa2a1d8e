package org.osprey.mta.core.expand;

/**
 * Exim's parse_extract_address: the operative address of an RFC 2822 mailbox
 * ({@code Name <local@domain>}, {@code local@domain (comment)}, a bare local part), and where
 * its domain starts. Source routes are accepted and dropped; groups ({@code name: a, b;}) are
 * recognised when allowed.
 */
final class AddressParser {
    private final String s;
    private int p;
    private int lastComment;
    private String error;
    boolean allowGroup;
    boolean foundGroup;

    /** An extracted address and the offset of its domain in it (0 when it has none). */
    record Result(String address, int domain) {
    }

    AddressParser(String s) {
        this.s = s;
    }

    private int at() {
        return p < s.length() ? s.charAt(p) : 0;
    }

    private static boolean special(int c) {
        return c < 32 || " ()<>@,;:\\\".[]\177".indexOf(c) >= 0;
    }

    private void skipComment() {
        lastComment = p;
        while (p < s.length()) {
            while (p < s.length() && Chars.isSpace(s.charAt(p))) {
                p++;
            }
            if (at() != '(') {
                break;
            }
            int level = 1;
            p++;
            while (p < s.length()) {
                char c = s.charAt(p);
                if (c == '(') {
                    level++;
                } else if (c == ')') {
                    if (--level <= 0) {
                        p++;
                        break;
                    }
                } else if (c == '\\' && p + 1 < s.length()) {
                    p++;
                }
                p++;
            }
        }
    }

    private String localPart(boolean allowNull) {
        StringBuilder t = new StringBuilder();
        for (;;) {
            int save = t.length();
            skipComment();
            if (at() == '"') {
                t.append('"');
                p++;
                while (p < s.length() && s.charAt(p) != '"') {
                    char c = s.charAt(p++);
                    t.append(c);
                    if (c == '\\' && p < s.length()) {
                        t.append(s.charAt(p++));
                    }
                }
                if (at() == '"') {
                    p++;
                    t.append('"');
                } else {
                    error = "unmatched doublequote in local part";
                    return t.toString();
                }
            } else {
                while (p < s.length() && (!special(s.charAt(p)) || s.charAt(p) == '\\')) {
                    char c = s.charAt(p++);
                    t.append(c);
                    if (c == '\\' && p < s.length()) {
                        t.append(s.charAt(p++));
                    }
                }
            }
            skipComment();
            if (t.length() == save && at() != '.') {
                if (t.length() == 0 && !allowNull) {
                    error = "missing or malformed local part";
                }
                return t.toString();
            }
            if (at() != '.') {
                return t.toString();
            }
            do {
                t.append('.');
                p++;
            } while (at() == '.');
        }
    }

    private String domain(boolean literals) {
        StringBuilder t = new StringBuilder();
        skipComment();
        if (at() == '[') {
            t.append('[');
            p++;
            if (s.regionMatches(true, p, "IPv6:", 0, 5) || s.regionMatches(true, p, "IPv4:", 0, 5)) {
                t.append(s, p, p + 5);
                p += 5;
            }
            if (literals) {
                while (p < s.length() && ((s.charAt(p) >= 33 && s.charAt(p) <= 90) || (s.charAt(p) >= 94 && s.charAt(p) <= 126))) {
                    t.append(s.charAt(p++));
                }
            } else {
                while (p < s.length() && (s.charAt(p) == '.' || s.charAt(p) == ':' || Chars.isXDigit(s.charAt(p)))) {
                    t.append(s.charAt(p++));
                }
            }
            if (at() == ']') {
                t.append(']');
                p++;
            } else {
                error = "malformed domain literal";
                t.setLength(0);
            }
            if (!literals) {
                error = "domain literals not allowed";
                t.setLength(0);
            }
            skipComment();
            return t.toString();
        }
        for (;;) {
            int save = t.length();
            if (at() != '-') {
                while (p < s.length() && (Chars.isAlnum(s.charAt(p)) || s.charAt(p) == '-')) {
                    t.append(s.charAt(p++));
                }
            }
            skipComment();
            if (t.length() == save) {
                error = "domain missing or malformed";
                return "";
            }
            if (at() != '.') {
                return t.toString();
            }
            t.append('.');
            p++;
            skipComment();
        }
    }

    private void route(StringBuilder t) {
        boolean commas = false;
        while (at() == '@') {
            t.append('@');
            p++;
            String d = domain(false);
            if (d.isEmpty()) {
                return;
            }
            t.append(d);
            if (at() != ',') {
                break;
            }
            t.append(',');
            p++;
            commas = true;
            skipComment();
        }
        if (at() == ':') {
            t.append(':');
            p++;
        } else {
            error = commas ? "colon expected after route list" : "no local part";
        }
        skipComment();
    }

    /** The address, or null with {@link #error()} set when there is none. */
    Result extract(boolean allowNull) {
        for (;;) {
            skipComment();
            String t = localPart(true);
            if (error != null) {
                return failed();
            }
            if (at() != '@' && at() != '<') {
                if (at() == 0 || at() == ';') {
                    if (t.isEmpty()) {
                        error = "empty address";
                        return failed();
                    }
                    return succeeded(t, 0);
                }
                while (at() != '<' && (!allowGroup || at() != ':')) {
                    localPart(false);
                    if (error != null) {
                        error = error + " (expected word or \"<\")";
                        return failed();
                    }
                }
                if (at() == ':') {
                    foundGroup = true;
                    allowGroup = false;
                    p++;
                    continue;
                }
            }
            if (at() == '<') {
                p++;
                skipComment();
                StringBuilder addr = new StringBuilder();
                boolean routed = false;
                if (at() == '@') {
                    route(new StringBuilder());
                    if (error != null) {
                        return failed();
                    }
                    routed = true;
                }
                int domainAt = 0;
                if (allowNull && !routed && at() == '>') {
                    addr.setLength(0);
                } else {
                    String local = localPart(false);
                    if (error != null) {
                        return failed();
                    }
                    addr.append(local);
                    if (at() != '>') {
                        if (at() != '@') {
                            error = "\"@\" or \".\" expected after \"" + local + "\"";
                            return failed();
                        }
                        p++;
                        addr.append('@');
                        domainAt = addr.length();
                        addr.append(domain(false));
                        if (error != null) {
                            return failed();
                        }
                    }
                    if (routed && domainAt == 0) {
                        error = "domain missing in source-routed address";
                        return failed();
                    }
                }
                if (at() != '>') {
                    error = at() == 0 ? "'>' missing at end of address"
                            : "malformed address: " + Chars.rest(s, p, 32) + " may not follow " + s.substring(0, p);
                    return failed();
                }
                p++;
                skipComment();
                return succeeded(addr.toString(), domainAt);
            }
            if (t.isEmpty()) {
                route(new StringBuilder());
                if (error != null) {
                    return failed();
                }
                String local = localPart(false);
                if (error != null) {
                    return failed();
                }
                if (at() != '@') {
                    error = "domain missing in source-routed address";
                    return failed();
                }
                p++;
                String d = domain(false);
                if (error != null) {
                    return failed();
                }
                return succeeded(local + "@" + d, local.length() + 1);
            }
            p++;
            String d = domain(true);
            if (d.isEmpty()) {
                return failed();
            }
            return succeeded(t + "@" + d, t.length() + 1);
        }
    }

    private Result succeeded(String address, int domain) {
        if (at() != 0) {
            if (foundGroup && at() == ';') {
                foundGroup = false;
                allowGroup = true;
            } else {
                error = "malformed address: " + Chars.rest(s, p, 32) + " may not follow " + s.substring(0, p);
                return failed();
            }
        }
        return new Result(address, domain);
    }

    private Result failed() {
        if (foundGroup && at() == ';') {
            foundGroup = false;
            allowGroup = true;
        }
        return null;
    }

    String error() {
        return error;
    }

    /** Exim's parse_find_address_end: where the address starting at {@code from} ends (a comma or the end). */
    static int addressEnd(String s, int from) {
        int i = from;
        boolean sourceRouting = i < s.length() && s.charAt(i) == '@';
        int noTerm = sourceRouting ? 1 : 0;
        while (i < s.length() && (s.charAt(i) != ',' || noTerm > 0)) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                i += 2;
            } else if (c == '"') {
                while (++i < s.length()) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
                        i++;
                    } else if (s.charAt(i) == '"') {
                        i++;
                        break;
                    }
                }
            } else if (c == '(') {
                int level = 1;
                while (++i < s.length()) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length()) {
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
                    sourceRouting = i + 1 < s.length() && s.charAt(i + 1) == '@';
                    noTerm = sourceRouting ? 2 : 1;
                } else if (c == '>') {
                    noTerm--;
                } else if (sourceRouting && c == ':') {
                    noTerm--;
                }
                i++;
            }
        }
        return i;
    }
}
