package org.osprey.mta.core.acl;

/**
 * The points where an ACL runs, each with the main option that names it (Exim's ACL_WHERE_xxx).
 * An unset option means accept, except for RCPT (deny all), VRFY (252), EXPN (550) and ETRN
 * (458), whose refusals the SMTP session gives itself.
 */
public enum AclWhere {
    CONNECT("acl_smtp_connect", "CONNECT"),
    HELO("acl_smtp_helo", "HELO"),
    MAIL("acl_smtp_mail", "MAIL"),
    RCPT("acl_smtp_rcpt", "RCPT"),
    PREDATA("acl_smtp_predata", "PREDATA"),
    DATA("acl_smtp_data", "DATA"),
    MIME("acl_smtp_mime", "MIME"),
    QUIT("acl_smtp_quit", "QUIT"),
    NOTQUIT("acl_smtp_notquit", "NOTQUIT"),
    VRFY("acl_smtp_vrfy", "VRFY"),
    EXPN("acl_smtp_expn", "EXPN"),
    ETRN("acl_smtp_etrn", "ETRN"),
    AUTH("acl_smtp_auth", "AUTH"),
    STARTTLS("acl_smtp_starttls", "STARTTLS"),
    NOT_SMTP_START("acl_not_smtp_start", "non-SMTP-start"),
    NOT_SMTP("acl_not_smtp", "non-SMTP"),
    /** The AUTH= parameter of MAIL. */
    MAILAUTH("acl_smtp_mailauth", "MAILAUTH");

    private final String option;
    private final String logName;

    AclWhere(String option, String logName) {
        this.option = option;
        this.logName = logName;
    }

    /** The main option naming this ACL, such as {@code acl_smtp_rcpt}. */
    public String option() {
        return option;
    }

    /** The name Exim uses in log lines and messages ({@code RCPT}, {@code non-SMTP} ...). */
    public String logName() {
        return logName;
    }
}
