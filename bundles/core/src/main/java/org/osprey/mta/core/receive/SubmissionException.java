package org.osprey.mta.core.receive;

import java.util.Optional;
import org.osprey.mta.core.spool.MessageId;

/**
 * A message from standard input that was not accepted, reported as Exim reports it: the text
 * for the standard error stream (Exim's words, "exim" replaced by "osprey", possibly several
 * lines; empty when the error was mailed to the sender instead, or only logged, as for a panic
 * or a message left without recipients) and the exit code. When the error was mailed,
 * {@link #errorMessage()} names the message that carries it, spooled and waiting for delivery.
 * Panic lines the log writer copies to standard error are not part of this text.
 */
public final class SubmissionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String stderrText;
    private final transient MessageId errorMessage;

    SubmissionException(int exitCode, String stderrText, MessageId errorMessage) {
        super(!stderrText.isEmpty() ? stderrText.strip()
                : errorMessage != null ? "message not accepted; error message " + errorMessage + " sent to the sender"
                : "message not accepted (exit code " + exitCode + ", see the log)");
        this.exitCode = exitCode;
        this.stderrText = stderrText;
        this.errorMessage = errorMessage;
    }

    /** The process's exit code: 1, 2 for "no recipients" when no error message could be sent, or 0 with -oee. */
    public int exitCode() {
        return exitCode;
    }

    /** What to write to standard error, each line ending in a newline; "" when nothing. */
    public String stderrText() {
        return stderrText;
    }

    /** The error message mailed to the sender, when one was. */
    public Optional<MessageId> errorMessage() {
        return Optional.ofNullable(errorMessage);
    }
}
