package org.osprey.mta.core.acl;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of running one ACL.
 *
 * @param verdict how it ended
 * @param userMessage the expanded {@code message} for the client, or null for the default
 *        text of the point (Exim's user_msgptr)
 * @param logMessage the expanded {@code log_message}, or null (Exim's log_msgptr); for a
 *        failed verification the reason ({@code "Unrouteable address"} ...)
 * @param headersToAdd header lines from {@code add_header} (also of warn statements), each
 *        ending in a newline, in order; the session adds them to the message
 * @param headersToRemove header names from {@code remove_header}
 */
public record AclResult(AclVerdict verdict, String userMessage, String logMessage, List<String> headersToAdd,
        List<String> headersToRemove) {
    public AclResult {
        Objects.requireNonNull(verdict, "verdict");
        headersToAdd = List.copyOf(headersToAdd);
        headersToRemove = List.copyOf(headersToRemove);
    }

    public static AclResult of(AclVerdict verdict) {
        return new AclResult(verdict, null, null, List.of(), List.of());
    }
}
