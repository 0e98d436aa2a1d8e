package org.osprey.mta.transport.autoreply;

import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;

/** Why a reply was not sent, with Exim's words, and whether the address fails or is deferred. */
final class ReplyProblem extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean fail;

    private ReplyProblem(String message, boolean fail) {
        super(message);
        this.fail = fail;
    }

    /** Exim's FAIL: the address bounces (a bad expansion, a bad once_repeat). */
    static ReplyProblem fail(String message) {
        return new ReplyProblem(message, true);
    }

    /** Exim's DEFER: the delivery is tried again (a file that cannot be opened, a refused reply). */
    static ReplyProblem defer(String message) {
        return new ReplyProblem(message, false);
    }

    /** The outcome, deferred under Exim's retry key for a local transport ({@code T:address}). */
    Outcome outcome(Address address) {
        return fail ? new Outcome.Failed(getMessage())
                : new Outcome.Deferred("T:" + address.text(), getMessage(), ErrorClass.OTHER, 0);
    }
}
