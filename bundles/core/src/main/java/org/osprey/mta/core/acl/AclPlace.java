package org.osprey.mta.core.acl;

/**
 * Exim's ACL_WHERE_xxx values in Exim's order, with the names its ACL error messages use
 * ({@code connection}, {@code EHLO or HELO} ...). The order matters: Exim's tests "in a
 * message ACL" are "at or before NOTSMTP". {@link #UNKNOWN} is {@code ${acl}} outside any ACL.
 */
enum AclPlace {
    RCPT("RCPT"), MAIL("MAIL"), PREDATA("PREDATA"), MIME("MIME"), DKIM("DKIM"), DATA("DATA"), PRDR("PRDR"),
    NOTSMTP("non-SMTP"), AUTH("AUTH"), CONNECT("connection"), ETRN("ETRN"), EXPN("EXPN"), HELO("EHLO or HELO"),
    MAILAUTH("MAILAUTH"), NOTSMTP_START("non-SMTP-start"), NOTQUIT("NOTQUIT"), QUIT("QUIT"),
    STARTTLS("STARTTLS"), VRFY("VRFY"), DELIVERY("delivery"), UNKNOWN("unknown");

    private final String eximName;

    AclPlace(String eximName) {
        this.eximName = eximName;
    }

    /** The name in Exim's messages ("cannot test domains condition in connection ACL"). */
    String eximName() {
        return eximName;
    }

    int bit() {
        return 1 << ordinal();
    }

    /** A bitmap of these places. */
    static int bits(AclPlace... places) {
        int b = 0;
        for (AclPlace p : places) {
            b |= p.bit();
        }
        return b;
    }

    /** A bitmap of every place except these (Exim's {@code ~(ACL_BIT_x | ...)}). */
    static int allBut(AclPlace... places) {
        return ~bits(places);
    }

    /** Exim's "message ACL": where a message is being received (RCPT ... NOTSMTP). */
    boolean inMessage() {
        return ordinal() <= NOTSMTP.ordinal();
    }

    static AclPlace of(AclWhere where) {
        return switch (where) {
            case CONNECT -> CONNECT;
            case HELO -> HELO;
            case MAIL -> MAIL;
            case RCPT -> RCPT;
            case PREDATA -> PREDATA;
            case DATA -> DATA;
            case MIME -> MIME;
            case MAILAUTH -> MAILAUTH;
            case QUIT -> QUIT;
            case NOTQUIT -> NOTQUIT;
            case VRFY -> VRFY;
            case EXPN -> EXPN;
            case ETRN -> ETRN;
            case AUTH -> AUTH;
            case STARTTLS -> STARTTLS;
            case NOT_SMTP_START -> NOTSMTP_START;
            case NOT_SMTP -> NOTSMTP;
        };
    }
}
