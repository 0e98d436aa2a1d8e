package org.osprey.mta.router.manualroute;

import java.util.Locale;
import java.util.Optional;

/**
 * The values of {@code host_find_failed} and {@code host_all_ignored} (Exim's hff_names):
 * what the router does when a host in the list does not exist, or when every host was ignored.
 */
enum HostFailureAction {
    /** Drop the host and go on with the next one; not a value of {@code host_all_ignored}. */
    IGNORE,
    DECLINE,
    DEFER,
    FAIL,
    /** A defer that also freezes the message. */
    FREEZE,
    PASS;

    /** The option's word for this action. */
    String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action a configured word names; Exim compares the words exactly. */
    static Optional<HostFailureAction> named(String word) {
        for (HostFailureAction action : values()) {
            if (action.word().equals(word)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }
}
