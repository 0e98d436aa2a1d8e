package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.at;
import static org.osprey.mta.core.config.AsciiChars.isDigit;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.option.CNumbers;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * Reads one line of the retry section as Exim's readconf_retries reads it (pattern,
 * error type, optional {@code senders =}, then rules such as {@code F,2h,15m;
 * G,16h,1h,1.5}), with Exim's messages for a line it refuses, and takes it apart into a
 * {@link RetryRuleText}.
 */
final class RetryRuleCheck {
    private final String text;
    private final Location location;
    private final List<RetryRuleText.Step> steps = new ArrayList<>();
    private int p;

    private RetryRuleCheck(String text, Location location) {
        this.text = text;
        this.location = location;
    }

    static RetryRuleText check(LogicalLine line) throws ConfigException {
        return new RetryRuleCheck(line.text(), line.location()).run();
    }

    private RetryRuleText run() throws ConfigException {
        QuotedString pattern = QuotedString.read(text, 0);
        p = AsciiChars.skipSpace(text, pattern.end());
        int pp = p;
        while (p < text.length() && text.charAt(p) > 32 && text.charAt(p) != 127) {
            p++;
        }
        if (p - pp <= 0) {
            throw fail("missing error type in retry rule");
        }
        String error = errorType(pp, p);
        if (error != null) {
            throw fail(error);
        }
        String errorName = text.substring(pp, p);
        p = AsciiChars.skipSpace(text, p);
        String senders = null;
        if (text.startsWith("senders", p)) {
            p = AsciiChars.skipSpace(text, p + 7);
            if (at(text, p++) != '=') {
                throw fail("\"=\" expected after \"senders\" in retry rule");
            }
            p = AsciiChars.skipSpace(text, p);
            QuotedString list = QuotedString.read(text, p);
            senders = list.value();
            p = list.end();
        }
        p = AsciiChars.skipSpace(text, p);
        while (p < text.length()) {
            char rule = Character.toUpperCase(text.charAt(p++));
            int timeout = argument(false);
            int p1 = 0;
            int p2 = 0;
            switch (rule) {
                case 'F' -> p1 = argument(false);
                case 'G', 'H' -> {
                    p1 = argument(false);
                    p2 = argument(true);
                }
                default -> throw fail("unknown retry rule letter");
            }
            if (timeout <= 0 || p1 <= 0 || rule != 'F' && p2 < 1000) {
                throw fail("bad parameters for retry rule");
            }
            steps.add(new RetryRuleText.Step(rule, timeout, p1, p2));
            p = AsciiChars.skipSpace(text, p);
            if (at(text, p) == ';') {
                p = AsciiChars.skipSpace(text, p + 1);
            } else if (p < text.length()) {
                throw fail("semicolon expected");
            }
        }
        return new RetryRuleText(pattern.value(), errorName, senders, steps, location);
    }

    /** Exim's retry_arg: a comma, then a time or (when fixed) a fixed-point number. */
    private int argument(boolean fixed) throws ConfigException {
        if (at(text, p++) != ',') {
            throw fail("comma expected");
        }
        p = AsciiChars.skipSpace(text, p);
        int pp = p;
        while (AsciiChars.isAlnum(at(text, p)) || fixed && at(text, p) == '.') {
            p++;
        }
        char c = at(text, p);
        if (c != 0 && !AsciiChars.isSpace(c) && c != ',' && c != ';') {
            throw fail("comma or semicolon expected");
        }
        return fixed ? readFixed(pp, c) : TimeValues.parse(text, pp, c);
    }

    private int readFixed(int s, char terminator) {
        if (!isDigit(at(text, s))) {
            return -1;
        }
        CNumbers.Parsed n = CNumbers.scanInt(text, s);
        int value = (int) n.value() * 1000;
        s = n.end();
        if (at(text, s) == '.') {
            int m = 100;
            while (isDigit(at(text, ++s))) {
                value += (text.charAt(s) - '0') * m;
                m /= 10;
            }
        }
        return at(text, s) == terminator ? value : -1;
    }

    /** Exim's readconf_retry_error: null when the error type is understood, else the message. */
    private String errorType(int pp, int end) {
        int q = pp;
        while (q < end && text.charAt(q) != '_') {
            q++;
        }
        int len = q - pp;
        if (len == 5 && startsIgnoringCase(pp, "quota", 5)) {
            if (q != end && TimeValues.parse(text, q + 1, at(text, end)) < 0) {
                return "bad time value";
            }
        } else if (len == 7 && startsIgnoringCase(pp, "refused", 7)) {
            if (q != end && !startsIgnoringCase(q + 1, "MX", end - q - 1)
                    && !startsIgnoringCase(q + 1, "A", end - q - 1)) {
                return "A or MX expected after \"refused\"";
            }
        } else if (len == 7 && startsIgnoringCase(pp, "timeout", 7)) {
            if (q != end) {
                int n = end - q - 1;
                for (String extra : new String[] {"A", "MX", "connect", "connect_A", "connect_MX", "DNS"}) {
                    if (startsIgnoringCase(q + 1, extra, n)) {
                        return null;
                    }
                }
                return "\"A\", \"MX\", or \"connect\" expected after \"timeout\"";
            }
        } else if (startsIgnoringCase(pp, "mail_4", 6) || startsIgnoringCase(pp, "rcpt_4", 6)
                || startsIgnoringCase(pp, "data_4", 6)) {
            boolean bad;
            if (end != pp + 8) {
                bad = true;
            } else {
                char a = text.charAt(pp + 6);
                char b = text.charAt(pp + 7);
                bad = isDigit(a) ? !(isDigit(b) || b == 'x') : a != 'x' || b != 'x';
            }
            if (bad) {
                return text.substring(pp, Math.min(pp + 4, text.length()))
                        + "_4 must be followed by xx, dx, or dd, where x is literal and d is any digit";
            }
        } else if (len == 4 && startsIgnoringCase(pp, "auth", 4) && startsIgnoringCase(q + 1, "failed", end - q - 1)) {
            return null;
        } else if (startsIgnoringCase(pp, "lost_connection", end - pp)
                || startsIgnoringCase(pp, "tls_required", end - pp) || startsIgnoringCase(pp, "lookup", end - pp)) {
            return null;
        } else if (len != 1 || text.charAt(pp) != '*') {
            return "unknown or malformed retry error \"" + text.substring(pp, end) + "\"";
        }
        return null;
    }

    /** strncmpic(text + at, word, n) == 0, for the text of one line (nothing matches a negative length). */
    private boolean startsIgnoringCase(int at, String word, int n) {
        if (n < 0) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char a = AsciiChars.toLower(AsciiChars.at(text, at + i));
            char b = i < word.length() ? AsciiChars.toLower(word.charAt(i)) : 0;
            if (a != b) {
                return false;
            }
            if (a == 0) {
                return true;
            }
        }
        return true;
    }

    private ConfigException fail(String message) {
        return ConfigException.inLine(location, message);
    }
}
