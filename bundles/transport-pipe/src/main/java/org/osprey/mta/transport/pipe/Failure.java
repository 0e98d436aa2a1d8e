package org.osprey.mta.transport.pipe;

import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;

/**
 * A delivery that did not succeed, with Exim's message. Exim's DEFER and its PANIC (a
 * configuration slip found at delivery time) defer here: the kernel has no panic log for a
 * transport. Exim's DEFER with SPECIAL_FREEZE defers and asks the engine to freeze the message.
 */
final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;
    private final boolean freeze;

    private Failure(boolean permanent, String message, boolean freeze) {
        super(message, null, false, false);
        this.permanent = permanent;
        this.freeze = freeze;
    }

    private Failure(boolean permanent, String message) {
        this(permanent, message, false);
    }

    /** A deferral that also freezes the message (Exim's SPECIAL_FREEZE). */
    static Failure deferAndFreeze(String message) {
        return new Failure(false, message, true);
    }

    static Failure defer(String message) {
        return new Failure(false, message);
    }

    static Failure fail(String message) {
        return new Failure(true, message);
    }

    static Failure of(boolean permanent, String message) {
        return new Failure(permanent, message);
    }

    boolean permanent() {
        return permanent;
    }

    boolean freezes() {
        return freeze;
    }

    Outcome outcome(String retryKey) {
        return permanent ? new Outcome.Failed(getMessage())
                : new Outcome.Deferred(retryKey, getMessage(), ErrorClass.OTHER, 0);
    }
}
