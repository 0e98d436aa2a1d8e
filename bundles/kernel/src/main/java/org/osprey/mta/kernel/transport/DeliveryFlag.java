package org.osprey.mta.kernel.transport;

/**
 * How one address went to its remote host, as Exim's delivery log lines show it
 * (see {@link TransportResult#flags}). Since 1.3.
 */
public enum DeliveryFlag {
    /**
     * The address went in a transaction after the first over the same connection for the
     * same message, as max_rcpt splits a message (Exim's af_cont_conn): {@code *} after the IP.
     */
    CONTINUED_TRANSACTION,
    /**
     * The first address delivered by such a later transaction: its line starts with
     * {@code =>} as the message's first does, the others of the transaction with {@code ->}
     * (Exim's special_action, set afresh for each transaction).
     */
    FIRST_IN_TRANSACTION,
    /** The message went with BDAT, RFC 3030 CHUNKING (Exim's af_chunking_used): {@code K}. */
    CHUNKING,
    /** The server gave a reply for this recipient after the data, RFC PRDR (Exim's af_prdr_used): {@code PRDR}. */
    PRDR,
    /**
     * The outcome is not the host's doing and the address's line names no host (Exim leaves
     * host_used unset): the addresses whose RCPT was not yet answered when a RCPT timed out.
     */
    NO_HOST
}
