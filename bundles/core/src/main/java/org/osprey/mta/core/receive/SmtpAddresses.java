package org.osprey.mta.core.receive;

import org.osprey.mta.kernel.address.Rfc822;

/**
 * Exim's address parsing and byte-string helpers for the SMTP session (which lives in another
 * package): parse_extract_address on a MAIL or RCPT argument, string_printing for log lines,
 * and the conversion between the session's byte strings and Java text.
 */
public final class SmtpAddresses {

    /**
     * An extracted address, or the reason there is none.
     *
     * @param address the address (a byte string), or null when {@code error} is set
     * @param domainStart where the domain starts in {@code address}; 0 when unqualified
     * @param error Exim's reason, such as {@code "'>' missing at end of address"}, or null
     */
    public record Parsed(String address, int domainStart, String error) {
        public boolean ok() {
            return address != null;
        }
    }

    private SmtpAddresses() {
    }

    /**
     * parse_extract_address on an SMTP argument (a byte string).
     *
     * @param allowNull whether {@code <>} is accepted (MAIL)
     */
    public static Parsed parse(String argument, boolean allowNull, boolean allowDomainLiterals,
            boolean stripTrailingDot, boolean allowUtf8Domains) {
        Rfc822.Syntax s = new Rfc822.Syntax();
        s.allowDomainLiterals = allowDomainLiterals;
        s.stripTrailingDot = stripTrailingDot;
        s.allowUtf8Domains = allowUtf8Domains;
        Rfc822.Extracted e = Rfc822.extract(argument, s, allowNull);
        return e.ok() ? new Parsed(e.address(), e.domain(), null) : new Parsed(null, 0, e.error());
    }

    /** Exim's string_printing. */
    public static String printing(String bytes, boolean topBitChars) {
        return Rfc822.printing(bytes, topBitChars);
    }

    /** A byte string as Java text (UTF-8 decoded), for logs and expansions. */
    public static String text(String bytes) {
        return Rfc822.text(bytes);
    }

    /** Java text as a byte string. */
    public static String bytes(String text) {
        return Rfc822.bytes(text);
    }

    /** A local part quoted as Exim quotes it when it qualifies an address. */
    public static String quoteLocalPart(String local) {
        return Rfc822.localPartQuote(local);
    }
}
