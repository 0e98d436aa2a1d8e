package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;

/**
 * Why a delivery did not happen, in Exim's two parts: the system error (its text, as
 * strerror gives it; none for Exim's own conditions) and Exim's message saying what the
 * transport was doing. The outcome's text joins them as Exim's log line does after
 * {@code defer (errno)}: {@code Permission denied: while creating mailbox /var/mail/jo}.
 * The kernel's {@link Outcome.Deferred} has no errno field, so the number is not passed on.
 */
final class Problem extends Exception {
    private static final long serialVersionUID = 1L;
    private final String errorText;
    private final ErrorClass errorClass;
    private final boolean fail;

    private Problem(String errorText, String message, ErrorClass errorClass, boolean fail) {
        super(message);
        this.errorText = errorText;
        this.errorClass = errorClass;
        this.fail = fail;
    }

    /** A deferral with Exim's message alone (an Exim error number, or none). */
    static Problem defer(String message) {
        return new Problem(null, message, ErrorClass.OTHER, false);
    }

    /** A deferral after a system error; disk full and quota errors are of class {@link ErrorClass#QUOTA}. */
    static Problem io(String message, IOException cause) {
        String text = Errno.text(cause);
        Problem p = new Problem(text, message, Errno.isQuota(text) ? ErrorClass.QUOTA : ErrorClass.OTHER, false);
        p.initCause(cause);
        return p;
    }

    /** A deferral because a quota would be exceeded: the retry rules' "quota" error. */
    static Problem quota(String errorText, String message) {
        return new Problem(errorText, message, ErrorClass.QUOTA, false);
    }

    /** A permanent failure after a system error (Exim's FAIL). */
    static Problem fail(String message, IOException cause) {
        Problem p = new Problem(Errno.text(cause), message, ErrorClass.OTHER, true);
        p.initCause(cause);
        return p;
    }

    /** The system error's text, or null. */
    String errorText() {
        return errorText;
    }

    ErrorClass errorClass() {
        return errorClass;
    }

    boolean isFailure() {
        return fail;
    }

    /** The error's text and Exim's message, as the log line shows them. */
    String text() {
        return errorText == null ? getMessage() : errorText + ": " + getMessage();
    }

    Outcome outcome(String retryKey) {
        return fail ? new Outcome.Failed(text()) : new Outcome.Deferred(retryKey, text(), errorClass, 0);
    }
}
