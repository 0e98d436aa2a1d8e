package org.osprey.mta.core.tls;

import java.io.IOException;

/**
 * A TLS failure, worded as Exim's GnuTLS build words it: the message is Exim's error string
 * {@code (where): what}, such as {@code (cert/key setup: cert=/etc/cert.pem key=/etc/key.pem):
 * Error while reading file.}, so that the session logs
 * {@code "TLS error on connection from " + host + " " + getMessage()}.
 */
public final class TlsException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String where;
    private final String what;
    private final String panic;

    /**
     * @param where the stage, in Exim's words ({@code gnutls_handshake}, {@code cert/key setup: ...})
     * @param what the library's explanation, or null
     */
    public TlsException(String where, String what) {
        super("(" + where + ")" + (what == null ? "" : ": " + what));
        this.where = where;
        this.what = what;
        this.panic = null;
    }

    private TlsException(String message, String panic, boolean unused) {
        super(message);
        this.where = null;
        this.what = message;
        this.panic = panic;
    }

    /**
     * A failed expansion of a TLS option: Exim's error string is then just {@code Internal
     * error}, and the real reason goes to the panic log as {@code expansion of OPTION failed: ...}.
     */
    static TlsException expansionFailed(String option, String message) {
        return new TlsException("Internal error", "expansion of " + option + " failed: " + message, false);
    }

    /** What Exim writes to the panic log (and the main log) besides the TLS error line, or null. */
    public String panicLogMessage() {
        return panic;
    }

    /** The stage that failed, without the parentheses; null for a failed expansion. */
    public String where() {
        return where;
    }

    /** The explanation, or null. */
    public String what() {
        return what;
    }
}
