package org.osprey.mta.kernel.model;

import java.io.IOException;

/**
 * Thrown by {@link Message#writeTo} when the transport's {@code transport_filter} failed:
 * the command could not be run, ended with a non-zero status, or wrote nothing for
 * {@code transport_filter_timeout}. Exim's transports each word this their own way
 * (appendfile: "transport filter process failed (1) while writing to /var/mail/x"; pipe:
 * "transport filter timeout while writing to pipe"); the message is the smtp transport's
 * wording, {@code transport filter process failed (N)}, with ": unable to execute command"
 * when the command could not be run, or "Connection timed out" for a timeout.
 */
public class TransportFilterException extends IOException {
    private static final long serialVersionUID = 1L;
    /** Exim's EX_EXECFAILED: the status of a command that could not be run. */
    public static final int EXEC_FAILED = 127;

    private final int status;
    private final boolean timedOut;

    private TransportFilterException(String message, int status, boolean timedOut) {
        super(message);
        this.status = status;
        this.timedOut = timedOut;
    }

    /** The filter ended with {@code status} (127: it could not be run). */
    public static TransportFilterException failed(int status) {
        return new TransportFilterException("transport filter process failed (" + status + ")"
                + (status == EXEC_FAILED ? ": unable to execute command" : ""), status, false);
    }

    /** The filter wrote nothing for transport_filter_timeout and was killed. */
    public static TransportFilterException timedOut() {
        return new TransportFilterException("Connection timed out", -1, true);
    }

    /** The filter's exit status (Exim's more_errno); -1 after a timeout. */
    public int status() {
        return status;
    }

    /** Whether the filter timed out (Exim's transport_filter_timed_out). */
    public boolean isTimedOut() {
        return timedOut;
    }
}
