package org.osprey.mta.kernel.transport;

/**
 * What went wrong, in the terms retry rules match on (Exim's chapter "Retry
 * configuration": {@code refused}, {@code timeout_connect}, {@code rcpt_4xx} ...). The
 * engine adds the {@code _MX} and {@code _A} qualifiers from how the host was found.
 */
public enum ErrorClass {
    /** Connection refused. */
    REFUSED,
    /** Timeout while connecting. */
    TIMEOUT_CONNECT,
    /** Timeout after connecting. */
    TIMEOUT,
    /** The connection closed unexpectedly. */
    LOST_CONNECTION,
    /** A 4xx reply to MAIL. */
    MAIL_4XX,
    /** A 4xx reply to RCPT. */
    RCPT_4XX,
    /** A 4xx reply to DATA or after the final dot. */
    DATA_4XX,
    /** Authentication was required and failed. */
    AUTH_FAILED,
    /** TLS was required and could not be had. */
    TLS_REQUIRED,
    /** A mailbox is over quota. */
    QUOTA,
    /** Anything else. */
    OTHER
}
