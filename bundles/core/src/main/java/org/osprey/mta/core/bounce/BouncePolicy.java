package org.osprey.mta.core.bounce;

import org.osprey.mta.core.spool.HeaderFile;

/**
 * What delivery does with addresses that failed for good: send a bounce to the sender, or,
 * when the message is itself a bounce (null sender, {@code <>}), freeze it. A bounce is never
 * sent for a bounce: that is how two MTAs stop bouncing to each other for ever. Exim logs
 * "Frozen (delivery error message)" and sets the -H file's {@code -frozen} time.
 */
public final class BouncePolicy {

    /** The decision for a message with permanently failed addresses. */
    public enum Action {
        /** Build a {@link BounceMessage} and store it. */
        BOUNCE,
        /** Keep the message on the queue, frozen: it is a bounce that could not be delivered. */
        FREEZE
    }

    /** Exim's log text for {@link Action#FREEZE}. */
    public static final String FROZEN_LOG_TEXT = "Frozen (delivery error message)";

    private BouncePolicy() {
    }

    /** The action for a message whose envelope sender is {@code sender} ("" for {@code <>}). */
    public static Action onFailure(String sender) {
        return sender == null || sender.isEmpty() ? Action.FREEZE : Action.BOUNCE;
    }

    /** The action for this message. */
    public static Action onFailure(HeaderFile message) {
        return onFailure(message.sender());
    }

    /**
     * The message frozen as Exim freezes it: a {@code -frozen <time>} variable (seconds since
     * the epoch), for the caller to write with {@code Spool.update}.
     */
    public static HeaderFile frozen(HeaderFile message, long epochSeconds) {
        return message.toBuilder().variable("frozen", Long.toString(epochSeconds)).build();
    }

    /**
     * Whether a delay warning may be sent for this message at all: never for a bounce (Exim
     * requires a non-empty sender). delay_warning_condition and the DSN NOTIFY flags are the
     * caller's to check.
     */
    public static boolean mayWarn(HeaderFile message) {
        return !message.sender().isEmpty();
    }
}
