package org.osprey.mta.core.log;

import java.util.Locale;

/**
 * The log selectors whose setting changes a line Osprey writes, named as in Exim's
 * {@code log_selector}. The full list of names Exim accepts (and Osprey's configuration
 * reader checks) is in {@link LogSelector#names()}; a name there that is missing here is
 * accepted and has no effect yet.
 */
public enum Selector {
    ALL_PARENTS,
    CONNECTION_REJECT,
    DELIVER_TIME,
    DELIVERY_SIZE,
    DNSSEC,
    HOST_LOOKUP_FAILED,
    INCOMING_INTERFACE,
    INCOMING_PORT,
    LOST_INCOMING_CONNECTION,
    MILLISEC,
    MSG_ID,
    MSG_ID_CREATED,
    OUTGOING_INTERFACE,
    OUTGOING_PORT,
    PID,
    PIPELINING,
    QUEUE_RUN,
    QUEUE_TIME,
    QUEUE_TIME_EXCLUSIVE,
    QUEUE_TIME_OVERALL,
    RECEIVE_TIME,
    RECEIVED_RECIPIENTS,
    RECEIVED_SENDER,
    REJECTED_HEADER,
    RETRY_DEFER,
    RETURN_PATH_ON_DELIVERY,
    SENDER_ON_DELIVERY,
    SMTP_CONFIRMATION,
    SMTP_CONNECTION,
    SMTP_MAILAUTH,
    SUBJECT,
    TLS_CERTIFICATE_VERIFIED,
    TLS_CIPHER,
    TLS_PEERDN,
    TLS_RESUMPTION,
    TLS_SNI,
    EIGHTBITMIME("8bitmime");

    private final String exim;

    Selector() {
        this.exim = name().toLowerCase(Locale.ROOT);
    }

    Selector(String exim) {
        this.exim = exim;
    }

    /** The name as written in {@code log_selector}. */
    public String eximName() {
        return exim;
    }
}
