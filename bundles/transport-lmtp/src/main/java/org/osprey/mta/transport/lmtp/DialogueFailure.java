package org.osprey.mta.transport.lmtp;

import org.osprey.mta.kernel.transport.ErrorClass;

/**
 * A failure that ends the dialogue before each address has its own outcome: Exim's
 * transport returning FALSE, when the first address's status and message apply to the
 * whole batch.
 */
final class DialogueFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final ErrorClass errorClass;
    private final int smtpCode;

    DialogueFailure(String message, boolean permanent, ErrorClass errorClass, int smtpCode) {
        super(message);
        this.permanent = permanent;
        this.errorClass = errorClass;
        this.smtpCode = smtpCode;
    }

    static DialogueFailure fail(String message) {
        return new DialogueFailure(message, true, ErrorClass.OTHER, 0);
    }

    static DialogueFailure defer(String message) {
        return new DialogueFailure(message, false, ErrorClass.OTHER, 0);
    }

    boolean permanent() {
        return permanent;
    }

    ErrorClass errorClass() {
        return errorClass;
    }

    int smtpCode() {
        return smtpCode;
    }
}
