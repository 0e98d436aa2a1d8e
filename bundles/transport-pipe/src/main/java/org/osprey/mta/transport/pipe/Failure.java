package org.osprey.mta.transport.pipe;

import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;

/**
 * A delivery that did not succeed, with Exim's message. Exim's DEFER, its PANIC (a
 * configuration slip found at delivery time) and its DEFER-and-freeze all defer here: the
 * kernel has neither a panic log nor freezing for a transport to ask for.
 */
final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean permanent;

    private Failure(boolean permanent, String message) {
        super(message, null, false, false);
        this.permanent = permanent;
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

    Outcome outcome(String retryKey) {
        return permanent ? new Outcome.Failed(getMessage())
                : new Outcome.Deferred(retryKey, getMessage(), ErrorClass.OTHER, 0);
    }
}
