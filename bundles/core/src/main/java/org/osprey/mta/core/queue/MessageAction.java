package org.osprey.mta.core.queue;

import java.util.Arrays;
import java.util.Optional;

/**
 * The message commands that need no delivery, one row per option, as Exim's MSG_xxx actions:
 * what each is called, whether it works on one message only (the rest of the command line then
 * being addresses), and how Exim names it in its error messages.
 */
public enum MessageAction {
    SHOW_HEADER("-Mvh", true, false, null),
    SHOW_BODY("-Mvb", true, false, null),
    SHOW_LOG("-Mvl", true, false, null),
    FREEZE("-Mf", false, false, null),
    THAW("-Mt", false, false, null),
    REMOVE("-Mrm", false, false, null),
    MARK_ALL_DELIVERED("-Mmad", false, false, null),
    MARK_DELIVERED("-Mmd", true, true, "marking as delivered"),
    ADD_RECIPIENT("-Mar", true, true, "adding recipient"),
    EDIT_SENDER("-Mes", true, true, "editing sender");

    private final String option;
    private final boolean oneMessage;
    private final boolean takesAddresses;
    private final String doing;

    MessageAction(String option, boolean oneMessage, boolean takesAddresses, String doing) {
        this.option = option;
        this.oneMessage = oneMessage;
        this.takesAddresses = takesAddresses;
        this.doing = doing;
    }

    /** The command-line option, e.g. {@code -Mf}. */
    public String option() {
        return option;
    }

    /**
     * Whether the action takes one message id, the first argument; only that one is checked as
     * an id before anything is done (the others are addresses, or an error for -Mv*).
     */
    public boolean oneMessage() {
        return oneMessage;
    }

    /** Whether the arguments after the id are addresses. */
    public boolean takesAddresses() {
        return takesAddresses;
    }

    /** Whether it only shows a spool file (no lock, no change). */
    public boolean shows() {
        return this == SHOW_HEADER || this == SHOW_BODY || this == SHOW_LOG;
    }

    /** Exim's words for the action in "error while ..." messages. */
    String doing() {
        return doing;
    }

    /** The action an option names. */
    public static Optional<MessageAction> forOption(String option) {
        return Arrays.stream(values()).filter(a -> a.option.equals(option)).findFirst();
    }
}
