package org.osprey.mta.transport.smtp;

import org.osprey.mta.kernel.transport.ErrorClass;

/**
 * Why a session or transaction stopped, classified as Exim's smtp transport does: a host
 * error (the host could not be used: try the next one) or a message error (a negative
 * reply or a timeout after MAIL or the final dot: the host is fine, this message is not).
 *
 * @param code the reply code, or 0 when there was no reply
 * @param connectionUsable whether a QUIT (or another transaction) may still be sent
 */
record SessionFailure(String message, ErrorClass errorClass, int code, boolean messageError,
        boolean connectionUsable) {

    boolean permanent() {
        return code >= 500;
    }

    /** The same failure as an exception, to leave the steps of a transaction at once. */
    Stop stop() {
        return new Stop(this);
    }

    static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SessionFailure failure;

        Stop(SessionFailure failure) {
            super(failure.message(), null, false, false);
            this.failure = failure;
        }

        SessionFailure failure() {
            return failure;
        }
    }
}
