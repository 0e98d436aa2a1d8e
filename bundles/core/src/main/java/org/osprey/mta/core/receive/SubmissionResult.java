package org.osprey.mta.core.receive;

import java.util.Optional;
import org.osprey.mta.core.spool.MessageId;

/**
 * A message accepted from standard input: its id (its files are on the spool, forced to disk,
 * and its {@code <=} line is logged) and, when some addresses {@code -t} found were malformed,
 * the error message mailed to the sender about them (Exim's default error mode), also spooled
 * and waiting for delivery.
 *
 * @param id the accepted message
 * @param errorMessage the error message about it, or null
 */
public record SubmissionResult(MessageId id, MessageId errorMessage) {

    /** The error message, when one was sent. */
    public Optional<MessageId> errorMessageId() {
        return Optional.ofNullable(errorMessage);
    }
}
