package org.osprey.mta.kernel.tls;

/**
 * A GnuTLS priority string that GnuTLS would refuse, in its words: {@link #where()} is
 * {@code gnutls_priority_init(STRING) failed at offset N, "..."} and {@link #what()}
 * {@code The request is invalid.}, which Exim logs as {@code (where): what}.
 */
public final class InvalidPriorityException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String what;

    public InvalidPriorityException(String where, String what) {
        super("(" + where + "): " + what);
        this.where = where;
        this.what = what;
    }

    /** The failing call, as Exim's GnuTLS build names it. */
    public String where() {
        return where;
    }

    /** GnuTLS's explanation. */
    public String what() {
        return what;
    }
}
