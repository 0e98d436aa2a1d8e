package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * One address rewriting rule ({@code pattern replacement flags}), read as Exim's
 * readconf_one_rewrite reads it, refusing what Exim refuses: a missing replacement, an
 * unknown flag letter, the S flag on a pattern that is not a regular expression. Never
 * rewrites; {@code org.osprey.mta.core.rewrite} does.
 *
 * @param pattern the pattern, unquoted
 * @param replacement the replacement, unquoted, not yet expanded
 * @param flags the flag bits (see the constants)
 */
public record RewriteRule(String pattern, String replacement, int flags) {
    public static final int SENDER = 0x0001;
    public static final int FROM = 0x0002;
    public static final int TO = 0x0004;
    public static final int CC = 0x0008;
    public static final int BCC = 0x0010;
    public static final int REPLY_TO = 0x0020;
    public static final int ALL_HEADERS = SENDER | FROM | TO | CC | BCC | REPLY_TO;
    public static final int ENVELOPE_FROM = 0x0040;
    public static final int ENVELOPE_TO = 0x0080;
    public static final int ALL_ENVELOPE = ENVELOPE_FROM | ENVELOPE_TO;
    public static final int ALL = ALL_HEADERS | ALL_ENVELOPE;
    public static final int QUALIFY = 0x0100;
    public static final int REPEAT = 0x0200;
    public static final int WHOLE = 0x0400;
    public static final int QUIT = 0x0800;
    public static final int SMTP = 0x1000;

    /**
     * Reads a rule as Exim's readconf_one_rewrite.
     *
     * @param global a rule of the rewrite section (without flags it applies everywhere),
     *        rather than of a transport's {@code headers_rewrite} (headers only)
     */
    public static RewriteRule parse(String text, boolean global, Location location) throws ConfigException {
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

    /** The rules of a transport's {@code headers_rewrite} (a list, as {@link RewriteSyntax} checked it). */
    public static List<RewriteRule> parseList(String list, Location location) throws ConfigException {
        List<RewriteRule> rules = new ArrayList<>();
        for (String rule : ListItems.all(list, 0)) {
            rules.add(parse(rule, false, location));
        }
        return rules;
    }

    /** Whether the rule has any of these flag bits. */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
