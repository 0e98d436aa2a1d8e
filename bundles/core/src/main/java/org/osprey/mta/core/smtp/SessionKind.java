package org.osprey.mta.core.smtp;

/** Where a session's commands come from. */
public enum SessionKind {
    /** A TCP connection from the daemon (or inetd). */
    REMOTE,
    /** {@code -bs}: SMTP over standard input and output from a local process (P=local-esmtp ...). */
    LOCAL,
    /**
     * {@code -bh}: a simulated session from the given address; ACL decisions and log lines shown
     * on the trace stream, nothing spooled, no delivery started.
     */
    HOST_CHECK,
    /** {@code -bS}: batched SMTP; no replies; the first error ends the batch. */
    BATCHED
}
