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

    /** Exim's user message for a command that ran and did not succeed (pipe.c's last lines). */
    static final String LOCAL_DELIVERY_FAILED = "local delivery failed";

    private final boolean permanent;
    private final boolean freeze;
    private final boolean commandRan;

    private Failure(boolean permanent, String message, boolean freeze, boolean commandRan) {
        super(message, null, false, false);
        this.permanent = permanent;
        this.freeze = freeze;
        this.commandRan = commandRan;
    }

    private Failure(boolean permanent, String message) {
        this(permanent, message, false, false);
    }

    /** A deferral that also freezes the message (Exim's SPECIAL_FREEZE). */
    static Failure deferAndFreeze(String message) {
        return new Failure(false, message, true, false);
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

    /** This failure, of a command that was run and waited for (its status, signal or timeout). */
    Failure ofTheCommand() {
        return new Failure(permanent, getMessage(), freeze, true);
    }

    /**
     * What a bounce or warning shows the sender: pipe.c sets "local delivery failed" when
     * the command ran and did not succeed, and nothing for a failure before it ran (which
     * returns early) or for return_output's "return message generated"; "" for nothing.
     */
    String userMessage() {
        return commandRan ? LOCAL_DELIVERY_FAILED : "";
    }

    Outcome outcome(String retryKey) {
        return permanent ? new Outcome.Failed(getMessage())
                : new Outcome.Deferred(retryKey, getMessage(), ErrorClass.OTHER, 0);
    }
}
