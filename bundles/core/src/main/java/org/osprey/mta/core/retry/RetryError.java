package org.osprey.mta.core.retry;

import java.util.Locale;
import org.osprey.mta.kernel.option.TimeValues;
import org.osprey.mta.kernel.transport.ErrorClass;

/**
 * An error as retry rules see it: a kind and Exim's extra data ({@code more_errno}). In a
 * rule it is the error name of the second field ({@code *}, {@code refused_MX},
 * {@code timeout_connect_A}, {@code rcpt_45x}, {@code quota_7d} ...); for a failure it is
 * what happened. {@link #matchedBy} is Exim's test of a failure against a rule
 * (retry_find_config).
 *
 * <p>The extra data follows Exim: for {@code refused} and {@code timeout} the letter
 * {@code 'A'} or {@code 'M'} (how the host was found: an A record or an MX record), plus
 * {@link #CONNECT} for a timeout while connecting; for the 4xx kinds the reply code less 400
 * shifted left 8 bits (in a rule, 255 for any code, 100 plus the decade for {@code 4dx});
 * for {@code quota} the seconds since the mailbox was last read.
 *
 * @param kind the kind of error
 * @param more the extra data
 */
public record RetryError(Kind kind, int more) {

    /** Exim's RTEF_CTOUT: the timeout happened while connecting. */
    public static final int CONNECT = 0x100;

    /** The kinds of error a rule can name. */
    public enum Kind {
        /** {@code *}: any error (in a failure: one no rule names). */
        ANY,
        QUOTA,
        REFUSED,
        TIMEOUT,
        MAIL_4XX,
        RCPT_4XX,
        DATA_4XX,
        AUTH_FAILED,
        LOST_CONNECTION,
        /** TLS was required and not had; in a failure also a failed TLS negotiation. */
        TLS_REQUIRED,
        /** {@code lookup}: a host's name did not resolve. */
        LOOKUP
    }

    /** Any error. */
    public static final RetryError ANY = new RetryError(Kind.ANY, 0);

    /** The error in a failure, from the transport's class, its SMTP code (for the 4xx kinds) and how the host was found. */
    public static RetryError of(ErrorClass errorClass, int smtpCode, char foundBy) {
        int letter = foundBy == 'A' || foundBy == 'M' ? foundBy : 0;
        return switch (errorClass) {
            case REFUSED -> new RetryError(Kind.REFUSED, letter);
            case TIMEOUT_CONNECT -> new RetryError(Kind.TIMEOUT, CONNECT | letter);
            case TIMEOUT -> new RetryError(Kind.TIMEOUT, letter);
            case LOST_CONNECTION -> new RetryError(Kind.LOST_CONNECTION, 0);
            case MAIL_4XX -> new RetryError(Kind.MAIL_4XX, code(smtpCode));
            case RCPT_4XX -> new RetryError(Kind.RCPT_4XX, code(smtpCode));
            case DATA_4XX -> new RetryError(Kind.DATA_4XX, code(smtpCode));
            case AUTH_FAILED -> new RetryError(Kind.AUTH_FAILED, 0);
            case TLS_REQUIRED -> new RetryError(Kind.TLS_REQUIRED, 0);
            case QUOTA -> new RetryError(Kind.QUOTA, 0);
            case OTHER, HOST_IS_LOCAL, AUTH_PROBLEM, EXPANSION_FAILED, HOSTS_NOT_TRIED -> ANY;
        };
    }

    /** A quota failure for a mailbox last read {@code secondsSinceRead} ago (Exim's quota_7d rules). */
    public static RetryError quota(int secondsSinceRead) {
        return new RetryError(Kind.QUOTA, Math.max(0, secondsSinceRead));
    }

    private static int code(int smtpCode) {
        int c = smtpCode >= 400 && smtpCode <= 499 ? smtpCode - 400 : 0;
        return c << 8;
    }

    /**
     * Reads an error name as Exim's readconf_retry_error does.
     *
     * @throws IllegalArgumentException with Exim's message when the name is not one
     */
    public static RetryError parse(String name) {
        int p = name.length();
        int q = name.indexOf('_');
        if (q < 0) {
            q = p;
        }
        int len = q;
        String rest = q < p ? name.substring(q + 1) : null;
        if (len == 5 && prefixIgnoringCase(name, "quota", 5)) {
            int t = 0;
            if (rest != null && (t = TimeValues.parse(rest)) < 0) {
                throw new IllegalArgumentException("bad time value");
            }
            return new RetryError(Kind.QUOTA, t);
        }
        if (len == 7 && prefixIgnoringCase(name, "refused", 7)) {
            int more = 0;
            if (rest != null) {
                if (prefixIgnoringCase("MX", rest, rest.length())) {
                    more = 'M';
                } else if (prefixIgnoringCase("A", rest, rest.length())) {
                    more = 'A';
                } else {
                    throw new IllegalArgumentException("A or MX expected after \"refused\"");
                }
            }
            return new RetryError(Kind.REFUSED, more);
        }
        if (len == 7 && prefixIgnoringCase(name, "timeout", 7)) {
            int more = 0;
            if (rest != null) {
                String[] extras = {"A", "MX", "connect", "connect_A", "connect_MX"};
                int[] values = {'A', 'M', CONNECT, CONNECT | 'A', CONNECT | 'M'};
                int i = 0;
                while (i < extras.length && !prefixIgnoringCase(extras[i], rest, rest.length())) {
                    i++;
                }
                if (i < extras.length) {
                    more = values[i];
                } else if (!prefixIgnoringCase("DNS", rest, rest.length())) {
                    // timeout_DNS is accepted and treated as timeout, as Exim (with a panic-log line) does.
                    throw new IllegalArgumentException("\"A\", \"MX\", or \"connect\" expected after \"timeout\"");
                }
            }
            return new RetryError(Kind.TIMEOUT, more);
        }
        if (prefixIgnoringCase(name, "mail_4", 6) || prefixIgnoringCase(name, "rcpt_4", 6)
                || prefixIgnoringCase(name, "data_4", 6)) {
            boolean bad = false;
            int x = 255;
            if (p != 8) {
                bad = true;
            } else {
                char a = name.charAt(6);
                char b = name.charAt(7);
                if (isDigit(a)) {
                    x = (a - '0') * 10;
                    if (isDigit(b)) {
                        x += b - '0';
                    } else if (b == 'x') {
                        x += 100;
                    } else {
                        bad = true;
                    }
                } else if (a != 'x' || b != 'x') {
                    bad = true;
                }
            }
            if (bad) {
                throw new IllegalArgumentException(name.substring(0, Math.min(4, p))
                        + "_4 must be followed by xx, dx, or dd, where x is literal and d is any digit");
            }
            // Exim looks at the first letter only, and case-sensitively: "MAIL_4xx" counts as data_4xx.
            Kind k = name.charAt(0) == 'm' ? Kind.MAIL_4XX : name.charAt(0) == 'r' ? Kind.RCPT_4XX : Kind.DATA_4XX;
            return new RetryError(k, x << 8);
        }
        if (len == 4 && prefixIgnoringCase(name, "auth", 4) && q < p
                && prefixIgnoringCase(name.substring(q + 1), "failed", p - q - 1)) {
            return new RetryError(Kind.AUTH_FAILED, 0);
        }
        if (prefixIgnoringCase(name, "lost_connection", p)) {
            return new RetryError(Kind.LOST_CONNECTION, 0);
        }
        if (prefixIgnoringCase(name, "tls_required", p)) {
            return new RetryError(Kind.TLS_REQUIRED, 0);
        }
        if (prefixIgnoringCase(name, "lookup", p)) {
            return new RetryError(Kind.LOOKUP, 0);
        }
        if (!name.equals("*")) {
            throw new IllegalArgumentException("unknown or malformed retry error \"" + name + "\"");
        }
        return ANY;
    }

    /**
     * The error as -brt looks it up: for the 4xx kinds a rule's "any" or "decade" value
     * becomes a real code (any as 421, {@code 45x} as 454), as Exim's -brt does.
     */
    RetryError asTestFailure() {
        if (kind == Kind.MAIL_4XX || kind == Kind.RCPT_4XX || kind == Kind.DATA_4XX) {
            int code = (more >> 8) & 255;
            if (code == 255) {
                return new RetryError(kind, (more & 0xffff00ff) | (21 << 8));
            }
            if (code > 100) {
                return new RetryError(kind, (more & 0xffff00ff) | ((code - 96) << 8));
            }
        }
        return this;
    }

    /** Whether this failure is matched by a rule's error (the error part of retry_find_config). */
    public boolean matchedBy(RetryError rule) {
        if (rule.kind == Kind.ANY) {
            return true;
        }
        switch (rule.kind) {
            case QUOTA -> {
                // Exim also counts a full partition (ENOSPC) and the system's quota errors here.
                return kind == Kind.QUOTA && (rule.more == 0 || rule.more <= more);
            }
            case TLS_REQUIRED -> {
                return kind == Kind.TLS_REQUIRED;
            }
            case MAIL_4XX, RCPT_4XX, DATA_4XX -> {
                if (kind != rule.kind) {
                    return false;
                }
                int wanted = (rule.more >> 8) & 255;
                if (wanted == 255) {
                    return true;
                }
                int value = (more >> 8) & 255;
                return wanted >= 100 ? value / 10 * 10 == wanted - 100 : value == wanted;
            }
            case TIMEOUT -> {
                if (kind != Kind.TIMEOUT) {
                    return false;
                }
                if (rule.more == CONNECT) {
                    return (more & CONNECT) != 0;
                }
                if (rule.more != 0) {
                    int cf = more;
                    if ((rule.more & CONNECT) == 0) {
                        cf &= ~CONNECT;
                    }
                    return rule.more == cf;
                }
                return true;
            }
            default -> {
                return kind == rule.kind && (rule.more == 0 || rule.more == more);
            }
        }
    }

    /** The name -brt prints for a rule's error: quota, refused and timeout with their qualifiers, auth_failed, else {@code *}. */
    public String testName() {
        return switch (kind) {
            case QUOTA -> "quota" + (more > 0 ? "_" + TimeValues.format(more) : "");
            case REFUSED -> "refused" + (more == 'M' ? "_MX" : more == 'A' ? "_A" : "");
            case TIMEOUT -> "timeout" + ((more & CONNECT) != 0 ? "_connect" : "")
                    + ((more & 255) == 0 ? "" : (more & 255) == 'M' ? "_MX" : "_A");
            case AUTH_FAILED -> "auth_failed";
            default -> "*";
        };
    }

    /** A name that reads back as this error (for records and logs), such as {@code rcpt_452} or {@code timeout_connect_MX}. */
    public String name() {
        int code = (more >> 8) & 255;
        String c = code == 255 ? "xx" : code >= 100 ? (code - 100) / 10 + "x" : String.format(Locale.ROOT, "%02d", code);
        return switch (kind) {
            case ANY -> "*";
            case MAIL_4XX -> "mail_4" + c;
            case RCPT_4XX -> "rcpt_4" + c;
            case DATA_4XX -> "data_4" + c;
            case LOST_CONNECTION -> "lost_connection";
            case TLS_REQUIRED -> "tls_required";
            case LOOKUP -> "lookup";
            default -> testName();
        };
    }

    /** strncmpic(word, text, n) == 0 over the first n characters, a shorter string ending the comparison as C's NUL does. */
    private static boolean prefixIgnoringCase(String text, String word, int n) {
        for (int i = 0; i < n; i++) {
            char a = i < text.length() ? Character.toLowerCase(text.charAt(i)) : 0;
            char b = i < word.length() ? Character.toLowerCase(word.charAt(i)) : 0;
            if (a != b) {
                return false;
            }
            if (a == 0) {
                return true;
            }
        }
        return true;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
