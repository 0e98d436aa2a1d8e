package org.osprey.mta.core.acl;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.osprey.mta.core.log.LogFile;

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
 * @param addedHeaders the same lines as {@code headersToAdd}, each with where it goes
 *        ({@code :at_start:} ...)
 * @param senderVerifyFailure when a {@code verify = sender} failed during this ACL: the
 *        address and the reason, for Exim's "sender verify fail for &lt;x&gt;: ..." log line and
 *        the 550-Verification failed lines; else null
 * @param temporaryDetails for DEFER: whether the client may see {@code userMessage} (Exim's
 *        acl_temp_details: set by the {@code defer} verb and by verifications that allow it);
 *        otherwise the session says "Temporary local problem - please try later"
 * @param rejectLog where a rejection is logged ({@code log_reject_target}); main and reject by default
 */
public record AclResult(AclVerdict verdict, String userMessage, String logMessage, List<String> headersToAdd,
        List<String> headersToRemove, List<AddedHeader> addedHeaders, SenderVerifyFailure senderVerifyFailure,
        boolean temporaryDetails, Set<LogFile> rejectLog) {
    public AclResult {
        Objects.requireNonNull(verdict, "verdict");
        headersToAdd = List.copyOf(headersToAdd);
        headersToRemove = List.copyOf(headersToRemove);
        addedHeaders = List.copyOf(addedHeaders);
        rejectLog = Set.copyOf(rejectLog);
    }

    public AclResult(AclVerdict verdict, String userMessage, String logMessage, List<String> headersToAdd,
            List<String> headersToRemove) {
        this(verdict, userMessage, logMessage, headersToAdd, headersToRemove,
                headersToAdd.stream().map(h -> new AddedHeader(h, AddedHeader.Position.AT_END)).toList(), null, false,
                Set.of(LogFile.MAIN, LogFile.REJECT));
    }

    public static AclResult of(AclVerdict verdict) {
        return new AclResult(verdict, null, null, List.of(), List.of());
    }

    /**
     * A header line an ACL adds, and where (Exim's htype_add_bot, _top, _rec, _rfc).
     *
     * @param text the line, ending in a newline
     */
    public record AddedHeader(String text, Position position) {
        public enum Position {
            /** At the end of the headers (the default, {@code :at_end:}). */
            AT_END,
            /** Before all other headers ({@code :at_start:}). */
            AT_START,
            /** After the Received: headers ({@code :after_received:}). */
            AFTER_RECEIVED,
            /** At the start, but after Received: and Resent- headers ({@code :at_start_rfc:}). */
            AT_START_RFC
        }
    }

    /**
     * A failed sender verification.
     *
     * @param address the sender address verified
     * @param message why it failed ("Unrouteable address" ...)
     * @param noDetails {@code /no_details} was given: the client is not told the details
     * @param deferred the verification deferred (Exim logs "sender verify defer"), else it failed
     * @param userMessage a callout's details for the client ({@code Called: ... Response: ...}), or null
     * @param callout what the callout found (the kind of the client's text)
     */
    public record SenderVerifyFailure(String address, String message, boolean noDetails, boolean deferred,
            String userMessage, AddressVerifier.CalloutFlag callout) {
        public SenderVerifyFailure(String address, String message, boolean noDetails) {
            this(address, message, noDetails, false, null, AddressVerifier.CalloutFlag.NONE);
        }

        /** Exim's log text after the host: {@code sender verify fail for <a@b>: Unrouteable address}. */
        public String logText() {
            return "sender verify " + (deferred ? "defer" : "fail") + " for <" + address + ">"
                    + (message == null || message.isEmpty() ? "" : ": " + message);
        }

        /**
         * The lines Exim sends before a failing RCPT's reply (without codes), or null when there
         * are none: only for a failure with callout details, and not after no_details.
         */
        public String clientDetails() {
            if (deferred || noDetails || userMessage == null) {
                return null;
            }
            return switch (callout) {
                case POSTMASTER_REJECTED -> "Postmaster verification failed while checking <" + address + ">\n"
                        + userMessage + "\nSeveral RFCs state that you are required to have a postmaster\n"
                        + "mailbox for each mail domain. This host does not accept mail\n"
                        + "from domains whose servers reject the postmaster address.";
                case SETUP_REJECTED -> "Callback setup failed while verifying <" + address + ">\n" + userMessage
                        + "\nThe initial connection, or a HELO or MAIL FROM:<> command was\n"
                        + "rejected. Refusing MAIL FROM:<> does not help fight spam, disregards\n"
                        + "RFC requirements, and stops you from receiving standard bounce\n"
                        + "messages. This host does not accept mail from domains whose servers\n"
                        + "refuse bounces.";
                default -> "Verification failed for <" + address + ">\n" + userMessage;
            };
        }
    }
}
