package org.osprey.mta.core.config;

/**
 * One address rewriting rule ({@code pattern replacement flags}), read far enough to refuse
 * what Exim refuses when it reads the configuration: a missing replacement, an unknown
 * flag letter, the S flag on a pattern that is not a regular expression. Never rewrites.
 *
 * @param pattern the pattern, unquoted
 * @param replacement the replacement, unquoted, not yet expanded
 * @param flags the flag bits (see the constants)
 */
record RewriteRule(String pattern, String replacement, int flags) {
    static final int SENDER = 0x0001;
    static final int FROM = 0x0002;
    static final int TO = 0x0004;
    static final int CC = 0x0008;
    static final int BCC = 0x0010;
    static final int REPLY_TO = 0x0020;
    static final int ALL_HEADERS = SENDER | FROM | TO | CC | BCC | REPLY_TO;
    static final int ENVELOPE_FROM = 0x0040;
    static final int ENVELOPE_TO = 0x0080;
    static final int ALL_ENVELOPE = ENVELOPE_FROM | ENVELOPE_TO;
    static final int ALL = ALL_HEADERS | ALL_ENVELOPE;
    static final int QUALIFY = 0x0100;
    static final int REPEAT = 0x0200;
    static final int WHOLE = 0x0400;
    static final int QUIT = 0x0800;
    static final int SMTP = 0x1000;

    /**
     * Reads a rule as Exim's readconf_one_rewrite.
     *
     * @param global a rule of the rewrite section (without flags it applies everywhere),
     *        rather than of a transport's {@code headers_rewrite} (headers only)
     */
    static RewriteRule parse(String text, boolean global, Location location) throws ConfigException {
        QuotedString key = QuotedString.read(text, 0);
        int p = AsciiChars.skipSpace(text, key.end());
        if (p >= text.length()) {
            throw ConfigException.inLine(location, "missing rewrite replacement string");
        }
        QuotedString replacement = QuotedString.read(text, p);
        p = replacement.end();
        int flags = 0;
        while (p < text.length()) {
            char c = text.charAt(p++);
            flags |= switch (c) {
                case ' ', '\t' -> 0;
                case 'q' -> QUIT;
                case 'w' -> WHOLE;
                case 'h' -> ALL_HEADERS;
                case 's' -> SENDER;
                case 'f' -> FROM;
                case 't' -> TO;
                case 'c' -> CC;
                case 'b' -> BCC;
                case 'r' -> REPLY_TO;
                case 'E' -> ALL_ENVELOPE;
                case 'F' -> ENVELOPE_FROM;
                case 'T' -> ENVELOPE_TO;
                case 'Q' -> QUALIFY;
                case 'R' -> REPEAT;
                case 'S' -> {
                    if (!key.value().startsWith("^") && !key.value().startsWith("\\N^")) {
                        throw ConfigException.inLine(location,
                                "rewrite rule has the S flag but is not a regular expression");
                    }
                    yield SMTP;
                }
                default -> throw ConfigException.inLine(location, "unknown rewrite flag character '" + c
                        + "' (could be missing quotes round replacement item)");
            };
        }
        if ((flags & (ALL | SMTP)) == 0) {
            flags |= global ? ALL : ALL_HEADERS;
        }
        return new RewriteRule(key.value(), replacement.value(), flags);
    }
}
