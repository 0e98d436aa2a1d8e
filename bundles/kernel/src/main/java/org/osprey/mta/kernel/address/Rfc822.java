package org.osprey.mta.kernel.address;

import java.nio.charset.StandardCharsets;

/**
 * The parts of Exim 4.96's parse.c that reception and routing need, ported line by line so that
 * addresses, offsets and error texts are Exim's: {@code parse_extract_address} (the operative
 * address of an RFC 822 mailbox, with the offsets of the text it came from, for rewriting in
 * place), {@code parse_find_address_end}, {@code parse_find_at}, {@code parse_fix_phrase},
 * {@code local_part_quote} and {@code string_printing}.
 *
 * <p>All strings are byte strings (one char per byte, ISO-8859-1), as the spool holds them.
 * It never qualifies or rewrites an address; the engine does. It lives in the kernel because
 * drivers parse addresses too: the redirect router reads alias and forward files with it.
 */
public final class Rfc822 {

    /** Exim's EXIM_EMAILADDR_MAX: the longest address parse_extract_address yields. */
    public static final int EMAILADDR_MAX = 256;

    /**
     * Exim's global parse flags: which address syntax is allowed. The group state
     * ({@code parse_allow_group}, {@code parse_found_group}) carries over from one address of a
     * header to the next, as the globals do in Exim.
     */
    public static final class Syntax {
        public boolean allowDomainLiterals;
        public boolean stripTrailingDot;
        public boolean stripExcessAngleBrackets;
        public boolean allowUtf8Domains;
        public boolean allowGroup;
        public boolean foundGroup;

        public Syntax copy() {
            Syntax s = new Syntax();
            s.allowDomainLiterals = allowDomainLiterals;
            s.stripTrailingDot = stripTrailingDot;
            s.stripExcessAngleBrackets = stripExcessAngleBrackets;
            s.allowUtf8Domains = allowUtf8Domains;
            return s;
        }

        /** Ends a header's list of addresses: group syntax off, no group open. */
        public void endGroup() {
            allowGroup = false;
            foundGroup = false;
        }
    }

    /**
     * An extracted address, or the reason there is none.
     *
     * @param address the operative address, or null when {@code error} is set
     * @param start offset in the mailbox of the first character of the address
     * @param end offset in the mailbox just past the address
     * @param domain offset in {@code address} of the domain (after the {@code @}), 0 for none
     * @param error Exim's reason, or null
     */
    public record Extracted(String address, int start, int end, int domain, String error) {
        public boolean ok() {
            return address != null;
        }
    }

    private final String s;
    private final Syntax syntax;
    private int p;
    private int lastComment;
    private String error;

    private Rfc822(String s, Syntax syntax) {
        this.s = s;
        this.syntax = syntax;
    }

    private int at() {
        return p < s.length() ? s.charAt(p) : 0;
    }

    private int at(int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    /** Exim's isspace in the C locale. */
    public static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }

    /** mac_iscntrl_or_special: a NUL counts too (strchr finds the terminator). */
    public static boolean controlOrSpecial(int c) {
        return c < 32 || c == 0 || " ()<>@,;:\\\".[]\177".indexOf(c) >= 0;
    }

    private static boolean isAlnum(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isXDigit(int c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    /** parse_find_address_end: where the address starting at {@code from} ends (a comma, or the end). */
    public static int findAddressEnd(String s, int from, boolean nlEnds) {
        int i = from;
        boolean sourceRouting = i < s.length() && s.charAt(i) == '@';
        int noTerm = sourceRouting ? 1 : 0;
        while (i < s.length() && s.charAt(i) != 0 && (s.charAt(i) != ',' || noTerm > 0)
                && (s.charAt(i) != '\n' || !nlEnds)) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) != 0) {
                i += 2;
            } else if (c == '"') {
                while (++i < s.length() && s.charAt(i) != 0 && (s.charAt(i) != '\n' || !nlEnds)) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length() && s.charAt(i + 1) != 0) {
                        i++;
                    } else if (s.charAt(i) == '"') {
                        i++;
                        break;
                    }
                }
            } else if (c == '(') {
                int level = 1;
                while (++i < s.length() && s.charAt(i) != 0 && (s.charAt(i) != '\n' || !nlEnds)) {
                    if (s.charAt(i) == '\\' && i + 1 < s.length() && s.charAt(i + 1) != 0) {
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

    /** parse_find_at: the last unquoted, unescaped {@code @}, or -1. */
    public static int findAt(String s) {
        for (int t = s.length() - 1; t >= 0; t--) {
            char c = s.charAt(t);
            if (c == '@') {
                int backslashes = 0;
                int tt = t - 1;
                while (tt > 0 && s.charAt(tt--) == '\\') {
                    backslashes++;
                }
                if ((backslashes & 1) == 0) {
                    return t;
                }
            } else if (c == '"') {
                return -1;
            }
        }
        return -1;
    }

    /**
     * parse_extract_address over the whole of {@code mailbox}.
     *
     * @param allowNull whether {@code <>} is an address (the empty one)
     */
    public static Extracted extract(String mailbox, Syntax syntax, boolean allowNull) {
        return new Rfc822(mailbox, syntax).extract(allowNull);
    }

    private int skipComment(int from) {
        int i = from;
        lastComment = i;
        while (i < s.length() && s.charAt(i) != 0) {
            while (i < s.length() && isSpace(s.charAt(i))) {
                i++;
            }
            if (at(i) != '(') {
                break;
            }
            int level = 1;
            int c;
            while ((c = at(++i)) != 0) {
                if (c == '(') {
                    level++;
                } else if (c == ')') {
                    if (--level <= 0) {
                        i++;
                        break;
                    }
                } else if (c == '\\' && at(i + 1) != 0) {
                    i++;
                }
            }
        }
        return i;
    }

    /** read_domain: appends to {@code t}; on error sets {@link #error} and cuts {@code t} back. */
    private void readDomain(StringBuilder t, boolean msgIdLiterals) {
        int tt = t.length();
        p = skipComment(p);
        if (at() == '[') {
            t.append('[');
            p++;
            if (s.regionMatches(true, p, "IPv6:", 0, 5) || s.regionMatches(true, p, "IPv4:", 0, 5)) {
                t.append(s, p, p + 5);
                p += 5;
            }
            if (msgIdLiterals) {
                while (at() >= 33 && at() <= 90 || at() >= 94 && at() <= 126) {
                    t.append((char) at());
                    p++;
                }
            } else {
                while (at() == '.' || at() == ':' || isXDigit(at())) {
                    t.append((char) at());
                    p++;
                }
            }
            if (at() == ']') {
                t.append(']');
                p++;
            } else {
                error = "malformed domain literal";
                t.setLength(tt);
            }
            if (!syntax.allowDomainLiterals && !msgIdLiterals) {
                error = "domain literals not allowed";
                t.setLength(tt);
            }
            p = skipComment(p);
            return;
        }
        for (;;) {
            int tsave = t.length();
            if (at() != '-') {
                if (!syntax.allowUtf8Domains) {
                    while (isAlnum(at()) || at() == '-') {
                        t.append((char) at());
                        p++;
                    }
                } else {
                    for (;;) {
                        int c = at();
                        if (isAlnum(c) || c == '-') {
                            t.append((char) c);
                            p++;
                            continue;
                        }
                        if ((c & 0xc0) != 0xc0) {
                            break;
                        }
                        int d = (c << 2) & 0xff;
                        int i;
                        for (i = 1; i < 6; i++) {
                            if ((d & 0x80) == 0) {
                                break;
                            }
                            d = (d << 1) & 0xff;
                        }
                        if (i == 6) {
                            error = "invalid UTF-8 byte sequence";
                            t.setLength(tt);
                            return;
                        }
                        t.append((char) c);
                        p++;
                        while (i-- > 0) {
                            if ((at() & 0xc0) != 0x80) {
                                error = "invalid UTF-8 byte sequence";
                                t.setLength(tt);
                                return;
                            }
                            t.append((char) at());
                            p++;
                        }
                    }
                }
            }
            p = skipComment(p);
            if (t.length() == tsave) {
                if (syntax.stripTrailingDot && t.length() > tt && at() != '.') {
                    t.setLength(t.length() - 1);
                } else {
                    error = "domain missing or malformed";
                    t.setLength(tt);
                }
                return;
            }
            if (at() != '.') {
                break;
            }
            t.append('.');
            p++;
            p = skipComment(p);
        }
    }

    /** read_local_part: appends to {@code t}; sets {@link #error} (cleared first) on failure. */
    private void readLocalPart(StringBuilder t, boolean allowNull) {
        int tt = t.length();
        error = null;
        for (;;) {
            int tsave = t.length();
            p = skipComment(p);
            if (at() == '"') {
                t.append('"');
                int c;
                while ((c = at(++p)) != 0 && c != '"') {
                    t.append((char) c);
                    if (c == '\\' && at(p + 1) != 0) {
                        t.append((char) at(++p));
                    }
                }
                if (c == '"') {
                    p++;
                    t.append('"');
                } else {
                    error = "unmatched doublequote in local part";
                    return;
                }
            } else {
                while (p < s.length() && (!controlOrSpecial(at()) || at() == '\\')) {
                    int c = at();
                    t.append((char) c);
                    p++;
                    if (c == '\\' && at() != 0) {
                        t.append((char) at());
                        p++;
                    }
                }
            }
            p = skipComment(p);
            if (t.length() == tsave && at() != '.') {
                if (t.length() == tt && !allowNull) {
                    error = "missing or malformed local part";
                }
                return;
            }
            if (at() != '.') {
                break;
            }
            do {
                t.append('.');
                p++;
            } while (at() == '.');
        }
    }

    /** read_route: the route is read and thrown away. */
    private void readRoute() {
        StringBuilder t = new StringBuilder();
        boolean commas = false;
        error = null;
        while (at() == '@') {
            t.append('@');
            p++;
            int before = t.length();
            readDomain(t, false);
            if (t.length() == before) {
                return;
            }
            if (at() != ',') {
                break;
            }
            t.append(',');
            p++;
            commas = true;
            p = skipComment(p);
        }
        if (at() == ':') {
            p++;
        } else {
            error = commas ? "colon expected after route list" : "no local part";
        }
        p = skipComment(p);
    }

    /** read_addr_spec: returns the offset of the domain in {@code t}, or 0. */
    private int readAddrSpec(StringBuilder t, int term) {
        int domain = 0;
        readLocalPart(t, false);
        if (error == null && at() != term) {
            if (at() != '@') {
                error = "\"@\" or \".\" expected after \"" + t + "\"";
            } else {
                t.append('@');
                p++;
                domain = t.length();
                readDomain(t, false);
            }
        }
        return domain;
    }

    private Extracted extract(boolean allowNull) {
        StringBuilder t = new StringBuilder();
        int startptr;
        int endptr;
        int domain = 0;
        for (;;) {
            p = skipComment(p);
            startptr = p;
            t.setLength(0);
            readLocalPart(t, true);
            if (error != null) {
                return failed();
            }
            if (at() != '@' && at() != '<') {
                if (at() == 0 || at() == ';') {
                    if (t.length() == 0) {
                        error = "empty address";
                        return failed();
                    }
                    endptr = lastComment;
                    return succeeded(t.toString(), startptr, endptr, 0);
                }
                while (at() != '<' && (!syntax.allowGroup || at() != ':')) {
                    StringBuilder phrase = new StringBuilder();
                    readLocalPart(phrase, false);
                    if (error != null) {
                        error = error + " (expected word or \"<\")";
                        return failed();
                    }
                }
                if (at() == ':') {
                    syntax.foundGroup = true;
                    syntax.allowGroup = false;
                    p++;
                    continue;
                }
            }
            break;
        }

        if (at() == '<') {
            boolean sourceRouted = false;
            int brackets = 1;
            p++;
            if (syntax.stripExcessAngleBrackets) {
                while (at() == '<') {
                    if (brackets++ > 5) {
                        error = "angle-brackets nested too deep";
                        return failed();
                    }
                    p++;
                }
            }
            t.setLength(0);
            startptr = p;
            p = skipComment(p);
            if (at() == '@') {
                readRoute();
                if (error != null) {
                    return failed();
                }
                sourceRouted = true;
            }
            if (allowNull && !sourceRouted && at() == '>') {
                error = null;
            } else {
                domain = readAddrSpec(t, '>');
                if (error != null) {
                    return failed();
                }
                if (sourceRouted && domain == 0) {
                    error = "domain missing in source-routed address";
                    return failed();
                }
            }
            endptr = p;
            while (brackets-- > 0) {
                if (at(p++) != '>') {
                    error = at(p - 1) == 0 ? "'>' missing at end of address"
                            : "malformed address: " + cut(s, p - 1, 32) + " may not follow " + s.substring(0, p - 1);
                    p = Math.min(p, s.length());
                    return failed();
                }
            }
            p = skipComment(p);
        } else if (t.length() == 0) {
            readRoute();
            if (error != null) {
                return failed();
            }
            t.setLength(0);
            domain = readAddrSpec(t, 0);
            if (error != null) {
                return failed();
            }
            endptr = lastComment;
            if (domain == 0) {
                error = "domain missing in source-routed address";
                return failed();
            }
        } else {
            t.append('@');
            p++;
            domain = t.length();
            readDomain(t, true);
            if (t.length() == domain) {
                return failed();
            }
            endptr = lastComment;
        }
        return succeeded(t.toString(), startptr, endptr, domain);
    }

    private Extracted succeeded(String address, int startptr, int endptr, int domain) {
        if (at() != 0) {
            if (syntax.foundGroup && at() == ';') {
                syntax.foundGroup = false;
                syntax.allowGroup = true;
            } else {
                error = "malformed address: " + cut(s, p, 32) + " may not follow " + s.substring(0, p);
                return failed();
            }
        }
        int end = endptr;
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        if (end - startptr > EMAILADDR_MAX) {
            return new Extracted(null, 0, 0, 0, "address is ridiculously long: " + cut(address, 0, 64) + "...");
        }
        return new Extracted(address, startptr, end, domain, null);
    }

    private Extracted failed() {
        if (syntax.foundGroup && at() == ';') {
            syntax.foundGroup = false;
            syntax.allowGroup = true;
        }
        return new Extracted(null, 0, 0, 0, error == null ? "" : error);
    }

    /** {@code %.Ns}: at most {@code n} characters from {@code from}. */
    private static String cut(String s, int from, int n) {
        int end = s.indexOf('\0', from);
        end = end < 0 ? s.length() : end;
        return s.substring(Math.min(from, end), Math.min(end, from + n));
    }

    /** Exim's local_part_quote: the local part in double quotes when it needs them. */
    public static String localPartQuote(String local) {
        boolean needsQuote = false;
        for (int i = 0; !needsQuote && i < local.length(); i++) {
            char c = local.charAt(i);
            needsQuote = !isAlnum(c) && "!#$%&'*+-/=?^_`{|}~".indexOf(c) < 0
                    && (c != '.' || i == 0 || i == local.length() - 1);
        }
        if (!needsQuote) {
            return local;
        }
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < local.length(); i++) {
            char c = local.charAt(i);
            if (c == '\\' || c == '"') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /**
     * Exim's string_printing: non-printing bytes become {@code \n}, {@code \r}, {@code \b},
     * {@code \v}, {@code \f} or three octal digits (a tab and, with print_topbitchars, bytes
     * above 127 count as printing).
     */
    public static String printing(String s, boolean topBitChars) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            int c = s.charAt(i) & 0xff;
            boolean printable = c >= 32 && c <= 126 || c == '\t' || c > 127 && topBitChars;
            if (printable) {
                if (out != null) {
                    out.append((char) c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            out.append('\\');
            switch (c) {
                case '\n' -> out.append('n');
                case '\r' -> out.append('r');
                case '\b' -> out.append('b');
                case 0x0b -> out.append('v');
                case '\f' -> out.append('f');
                default -> out.append(String.format("%03o", c));
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Exim's parse_fix_phrase: a name made fit to stand before {@code <address>}: quoted
     * where RFC 822 needs it, or RFC 2047-encoded in {@code charset} when it holds
     * non-printing characters.
     */
    public static String fixPhrase(String phrase, String charset) {
        int from = 0;
        int len = phrase.length();
        while (len > 0 && isSpace(phrase.charAt(from))) {
            from++;
            len--;
        }
        int end = from + len;
        for (int i = from; i < end; i++) {
            int c = phrase.charAt(i);
            if (c < 32 && c != '\t' || c > 126) {
                return quote2047(phrase.substring(from, end), charset);
            }
        }
        if (len <= 0) {
            return "";
        }
        // The C code works in a buffer with one byte free in front, for a leading quote.
        char[] buf = new char[(len + 1) * 4];
        int yield = 1;
        int t = 1;
        int s = from;
        boolean quoted = false;
        while (s < end) {
            char ch = phrase.charAt(s++);
            if (ch == '"') {
                buf[t++] = '"';
                while (s < end && (ch = phrase.charAt(s++)) != '"') {
                    buf[t++] = ch;
                    if (ch == '\\' && s < end) {
                        buf[t++] = phrase.charAt(s++);
                    }
                }
                buf[t++] = '"';
                if (s >= end) {
                    break;
                }
                quoted = true;
            } else if (ch == '(') {
                int level = 1;
                buf[t++] = '(';
                while (s < end) {
                    ch = phrase.charAt(s++);
                    buf[t++] = ch;
                    if (ch == '(') {
                        level++;
                    } else if (ch == ')') {
                        if (--level <= 0) {
                            break;
                        }
                    } else if (ch == '\\' && s < end) {
                        buf[t++] = (char) (phrase.charAt(s++) & 127);
                    } else if (ch == '"') {
                        quoted = true;
                    }
                }
                if (ch == 0) {
                    while (level-- > 0) {
                        buf[t++] = ')';
                    }
                    break;
                }
            } else if (")<>@,;:\\.[]".indexOf(ch) >= 0) {
                if (quoted) {
                    int tt = t++;
                    while (buf[--tt] != ' ' && buf[tt] != '"' && buf[tt] != ')') {
                        buf[tt + 1] = buf[tt];
                    }
                    buf[tt + 1] = '"';
                    buf[t++] = ch;
                    while (s < end) {
                        ch = phrase.charAt(s++);
                        if (ch == ' ' || ch == '"') {
                            s--;
                            break;
                        }
                        buf[t++] = ch;
                    }
                    buf[t++] = '"';
                } else {
                    boolean escaped = ch == '\\';
                    buf[--yield] = '"';
                    buf[t++] = ch;
                    while (s < end) {
                        ch = phrase.charAt(s++);
                        if (escaped) {
                            buf[t++] = ch;
                            escaped = false;
                        } else if (ch == '\\') {
                            buf[t++] = ch;
                            escaped = true;
                        } else if (ch == '"') {
                            int count = 0;
                            while (buf[t - 1] == ' ') {
                                t--;
                                count++;
                            }
                            buf[t++] = '"';
                            while (count-- > 0) {
                                buf[t++] = ' ';
                            }
                            s--;
                            break;
                        } else if (ch == '(') {
                            int ss = s;
                            int level = 1;
                            while (ss < end) {
                                ch = phrase.charAt(ss++);
                                if (ch == '(') {
                                    level++;
                                } else if (ch == ')') {
                                    if (--level <= 0) {
                                        break;
                                    }
                                } else if (ch == '\\' && ss + 1 < end) {
                                    ss++;
                                } else if (ch == '"') {
                                    quoted = true;
                                    break;
                                }
                            }
                            if (quoted) {
                                int count = 0;
                                while (buf[t - 1] == ' ') {
                                    t--;
                                    count++;
                                }
                                buf[t++] = '"';
                                while (count-- > 0) {
                                    buf[t++] = ' ';
                                }
                                break;
                            }
                            if (ss >= end) {
                                ss--;
                            }
                            buf[t++] = '(';
                            if (ss > s) {
                                phrase.getChars(s, ss, buf, t);
                                t += ss - s;
                                s = ss;
                            }
                        } else {
                            buf[t++] = ch;
                        }
                    }
                }
                if (s >= end) {
                    buf[t++] = '"';
                }
            } else {
                buf[t++] = ch;
            }
        }
        return new String(buf, yield, t - yield);
    }

    /** Exim's parse_quote_2047 without folding: Q-encoded words, at most about 75 characters each. */
    public static String quote2047(String string, String charset) {
        String head = "=?" + (charset == null ? "iso-8859-1" : charset) + "?Q?";
        StringBuilder g = new StringBuilder(head);
        int hlen = g.length();
        int l = hlen;
        boolean coded = false;
        boolean firstByte = false;
        for (int i = 0; i < string.length(); i++) {
            int ch = string.charAt(i) & 0xff;
            if (g.length() - l > 67 && !firstByte) {
                g.append("?= ");
                l = g.length();
                g.append(head);
            }
            if (ch < 33 || ch > 126 || "?=()<>@,;:\\\".[]_".indexOf(ch) >= 0) {
                if (ch == ' ') {
                    g.append('_');
                    firstByte = false;
                } else {
                    g.append(String.format("=%02X", ch));
                    coded = true;
                    firstByte = !firstByte;
                }
            } else {
                g.append((char) ch);
                firstByte = false;
            }
        }
        return coded ? g.append("?=").toString() : string;
    }

    /** A Java string as the byte string Exim would see: its UTF-8 bytes, one char each. */
    public static String bytes(String javaText) {
        if (javaText == null) {
            return null;
        }
        return new String(javaText.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The bytes of a byte string. */
    public static byte[] latin1Bytes(String bytes) {
        return bytes.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A byte string as Java text, its bytes decoded as UTF-8 (for the log and the expansion engine). */
    public static String text(String bytes) {
        if (bytes == null) {
            return null;
        }
        for (int i = 0; i < bytes.length(); i++) {
            if (bytes.charAt(i) > 0x7f) {
                return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return bytes;
    }
}
