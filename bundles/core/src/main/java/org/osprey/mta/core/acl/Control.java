package org.osprey.mta.core.acl;

import static org.osprey.mta.core.acl.AclPlace.*;

/**
 * The values of {@code control =} in Exim 4.96 as Debian builds it (with DKIM and I18N, without
 * DMARC; of content scanning only no_mbox_unspool, for the MIME ACL), each with whether options may follow ({@code /...}) and where it
 * is forbidden (acl.c's controls_list).
 */
enum Control {
    ALLOW_AUTH_UNADVERTISED("allow_auth_unadvertised", false, allBut(CONNECT, HELO)),
    CASEFUL_LOCAL_PART("caseful_local_part", false, allBut(RCPT)),
    CASELOWER_LOCAL_PART("caselower_local_part", false, allBut(RCPT)),
    CUTTHROUGH_DELIVERY("cutthrough_delivery", true, 0),
    DEBUG("debug", true, 0),
    DKIM_DISABLE_VERIFY("dkim_disable_verify", false, bits(DATA, NOTSMTP, PRDR, NOTSMTP_START)),
    DSCP("dscp", true, bits(NOTSMTP, NOTSMTP_START, NOTQUIT)),
    ENFORCE_SYNC("enforce_sync", false, bits(NOTSMTP, NOTSMTP_START)),
    /** Exim's pseudo-value for decoding errors, which "control = error" reaches too. */
    ERROR("error", false, 0),
    FAKEDEFER("fakedefer", true, allBut(MAIL, RCPT, PREDATA, DATA, PRDR, MIME)),
    FAKEREJECT("fakereject", true, allBut(MAIL, RCPT, PREDATA, DATA, PRDR, MIME)),
    FREEZE("freeze", true, allBut(MAIL, RCPT, PREDATA, DATA, NOTSMTP, MIME)),
    NO_CALLOUT_FLUSH("no_callout_flush", false, bits(NOTSMTP, NOTSMTP_START)),
    NO_DELAY_FLUSH("no_delay_flush", false, bits(NOTSMTP, NOTSMTP_START)),
    /** Content scanning: the spool's scan/&lt;id&gt; directory is kept after the message. */
    NO_MBOX_UNSPOOL("no_mbox_unspool", false, allBut(MAIL, RCPT, PREDATA, DATA, MIME)),
    NO_ENFORCE_SYNC("no_enforce_sync", false, bits(NOTSMTP, NOTSMTP_START)),
    NO_MULTILINE_RESPONSES("no_multiline_responses", false, bits(NOTSMTP, NOTSMTP_START)),
    NO_PIPELINING("no_pipelining", false, bits(NOTSMTP, NOTSMTP_START)),
    QUEUE("queue", true, allBut(MAIL, RCPT, PREDATA, DATA, NOTSMTP, MIME)),
    SUBMISSION("submission", true, allBut(MAIL, RCPT, PREDATA)),
    SUPPRESS_LOCAL_FIXUPS("suppress_local_fixups", false, allBut(MAIL, RCPT, PREDATA, NOTSMTP_START)),
    UTF8_DOWNCONVERT("utf8_downconvert", true, allBut(RCPT, VRFY));

    /** The text Exim gives fakedefer and fakereject without a message of their own. */
    static final String DEFAULT_FAKE_TEXT = "Your message has been rejected but is being kept for evaluation.\n"
            + "If it was a legitimate message, it may still be delivered to the target recipient(s).";

    private final String word;
    private final boolean hasOption;
    private final int forbids;

    Control(String word, boolean hasOption, int forbids) {
        this.word = word;
        this.hasOption = hasOption;
        this.forbids = forbids;
    }

    String word() {
        return word;
    }

    boolean forbiddenAt(AclPlace place) {
        return (forbids & place.bit()) != 0;
    }

    /**
     * Exim's decode_control: the control whose name starts the argument and is followed by
     * nothing, or (for controls with options) by '/' or '_'; null for a syntax error.
     */
    static Control decode(String arg) {
        for (Control c : values()) {
            if (arg.startsWith(c.word)) {
                if (arg.length() == c.word.length()) {
                    return c;
                }
                char next = arg.charAt(c.word.length());
                return c.hasOption && (next == '/' || next == '_') ? c : null;
            }
        }
        return null;
    }
}
