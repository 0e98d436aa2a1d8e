package org.osprey.mta.core.acl;

import static org.osprey.mta.core.acl.AclPlace.*;

/**
 * The conditions and modifiers Osprey's engine knows itself, as Exim's table in acl.c lists
 * them: whether the argument is expanded before use, whether it is a modifier (always true,
 * may not be negated), and where it is forbidden. Any other name is an ACL condition driver
 * ({@link #DRIVER}).
 */
enum AclItemType {
    ACL("acl", false, false, 0),
    ADD_HEADER("add_header", true, true, allBut(MAIL, RCPT, PREDATA, DATA, PRDR, MIME, NOTSMTP, DKIM, NOTSMTP_START)),
    AUTHENTICATED("authenticated", false, false, bits(NOTSMTP, NOTSMTP_START, CONNECT, HELO)),
    CONDITION("condition", true, false, 0),
    CONTINUE("continue", true, true, 0),
    CONTROL("control", true, true, 0),
    /** Content scanning: the MIME part decoded to a file (Exim's mime_decode). */
    DECODE("decode", true, false, allBut(MIME)),
    DELAY("delay", true, true, bits(NOTQUIT)),
    DOMAINS("domains", false, false, allBut(RCPT, VRFY, PRDR)),
    ENCRYPTED("encrypted", false, false, bits(NOTSMTP, NOTSMTP_START, HELO)),
    ENDPASS("endpass", true, true, 0),
    HOSTS("hosts", false, false, bits(NOTSMTP, NOTSMTP_START)),
    LOCAL_PARTS("local_parts", false, false, allBut(RCPT, VRFY, PRDR)),
    LOG_MESSAGE("log_message", true, true, 0),
    LOG_REJECT_TARGET("log_reject_target", true, true, 0),
    LOGWRITE("logwrite", true, true, 0),
    MESSAGE("message", true, true, 0),
    /** Content scanning: regular expressions against the decoded MIME part (Exim's mime_regex). */
    MIME_REGEX("mime_regex", true, false, allBut(MIME)),
    RATELIMIT("ratelimit", true, false, 0),
    RECIPIENTS("recipients", false, false, allBut(RCPT)),
    REMOVE_HEADER("remove_header", true, true,
            allBut(MAIL, RCPT, PREDATA, DATA, PRDR, MIME, NOTSMTP, NOTSMTP_START)),
    SENDER_DOMAINS("sender_domains", false, false,
            bits(AUTH, CONNECT, HELO, MAILAUTH, QUIT, ETRN, EXPN, STARTTLS, VRFY)),
    SENDERS("senders", false, false, bits(AUTH, CONNECT, HELO, MAILAUTH, QUIT, ETRN, EXPN, STARTTLS, VRFY)),
    SET("set", true, true, 0),
    VERIFY("verify", true, false, 0),
    /** A condition provided by a {@link org.osprey.mta.kernel.acl.ConditionDriver} (such as dnslists). */
    DRIVER(null, true, false, 0);

    private final String word;
    private final boolean expandAtTop;
    private final boolean modifier;
    private final int forbids;

    AclItemType(String word, boolean expandAtTop, boolean modifier, int forbids) {
        this.word = word;
        this.expandAtTop = expandAtTop;
        this.modifier = modifier;
        this.forbids = forbids;
    }

    String word() {
        return word;
    }

    boolean expandAtTop() {
        return expandAtTop;
    }

    boolean modifier() {
        return modifier;
    }

    boolean forbiddenAt(AclPlace place) {
        return (forbids & place.bit()) != 0;
    }

    /** The built-in of this name, or null. */
    static AclItemType builtIn(String name) {
        for (AclItemType t : values()) {
            if (name.equals(t.word)) {
                return t;
            }
        }
        return null;
    }
}
