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
    OTHER,
    /**
     * The host is this machine and the transport may not talk to it (the smtp transport
     * without {@code allow_localhost}); Exim's ERRNO_HOST_IS_LOCAL, logged as
     * {@code defer (-50)}. The retry rules see no particular error (since 1.3).
     */
    HOST_IS_LOCAL,
    /**
     * A client authenticator could not be run (an expansion or other failure of its own,
     * not a refusal by the server); Exim's ERRNO_AUTHPROB, logged as {@code defer (-48)}.
     * The retry rules see no particular error (since 1.3).
     */
    AUTH_PROBLEM,
    /**
     * An option of the transport could not be expanded, such as the smtp transport's
     * {@code authenticated_sender}; Exim's ERRNO_EXPANDFAIL, logged as {@code defer (-27)}.
     * The retry rules see no particular error (since 1.3).
     */
    EXPANSION_FAILED,
    /**
     * No host was tried: the retry time of every host has not come, or their addresses could
     * not be looked up, or they are all serialized; Exim's ERRNO_HRETRY, logged as
     * {@code defer (-54)} and only under {@code +retry_defer}. The retry rules see no
     * particular error (since 1.3).
     */
    HOSTS_NOT_TRIED
}
