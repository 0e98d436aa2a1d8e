package org.osprey.mta.core.rewrite;

import org.osprey.mta.core.config.RewriteRule;

/**
 * Where an address being rewritten comes from: one of the six headers with addresses, or one
 * of the two envelope fields. Each has the flag bit a rule must carry to apply to it, the name
 * {@code -brw} prints and the name the {@code address_rewrite} log line gives (Exim's rrname
 * and where_list).
 */
public enum AddressField {
    SENDER(RewriteRule.SENDER, "  sender", "sender:", 'S'),
    FROM(RewriteRule.FROM, "    from", "from:", 'F'),
    TO(RewriteRule.TO, "      to", "to:", 'T'),
    CC(RewriteRule.CC, "      cc", "cc:", 'C'),
    BCC(RewriteRule.BCC, "     bcc", "bcc:", 'B'),
    REPLY_TO(RewriteRule.REPLY_TO, "reply-to", "reply-to:", 'R'),
    ENVELOPE_FROM(RewriteRule.ENVELOPE_FROM, "env-from", "env-from", 0),
    ENVELOPE_TO(RewriteRule.ENVELOPE_TO, "  env-to", "env-to", 0);

    private final int flag;
    private final String testName;
    private final String logName;
    private final char headerType;

    AddressField(int flag, String testName, String logName, int headerType) {
        this.flag = flag;
        this.testName = testName;
        this.logName = logName;
        this.headerType = (char) headerType;
    }

    /** The rule flag bit for this field. */
    public int flag() {
        return flag;
    }

    /** Whether this is a header field (the w flag and phrases matter). */
    public boolean isHeader() {
        return headerType != 0;
    }

    /** Whether addresses here are senders (qualified with qualify_domain) rather than recipients. */
    public boolean isSender() {
        return this == SENDER || this == FROM || this == REPLY_TO || this == ENVELOPE_FROM;
    }

    /** The name, right-aligned to eight characters, that {@code -brw} prints. */
    String testName() {
        return testName;
    }

    /** The name in the {@code address_rewrite} log line. */
    String logName() {
        return logName;
    }

    /**
     * The header field of a spooled header type (S, F, T, C, B, R, which the Resent- versions
     * share), or null for a header that has no addresses to rewrite.
     */
    public static AddressField forHeaderType(char type) {
        for (AddressField f : values()) {
            if (f.headerType != 0 && f.headerType == type) {
                return f;
            }
        }
        return null;
    }
}
