package org.osprey.mta.kernel.transport;

import java.io.InputStream;
import java.util.Optional;

/**
 * Submits a new message that a transport has written, as Exim's {@code child_open_exim}
 * does for the autoreply transport: a local submission by the MTA's own user with
 * {@code -t -oem -oi -f <> -E<id>}. The recipients are taken from the To:, Cc: and Bcc:
 * headers (Bcc: is then removed), the envelope sender is empty, and the new message refers
 * to the one being delivered ({@code R=<id>} on its {@code <=} log line). The engine adds
 * the headers a local submission gets (Received:, Message-Id:, Date:), logs the arrival,
 * and delivers the new message as it delivers a bounce.
 */
@FunctionalInterface
public interface MessageSubmitter {

    /**
     * Reads a whole message (headers, blank line, body; lines ending in LF) from {@code message}
     * and puts it on the spool.
     *
     * @return the new message's id; empty when the message named no recipient, which Exim's
     *         child process reports with its exit code EXIT_NORECIPIENTS after logging it, and
     *         which is not a failure of the transport
     * @throws Refused when the message was not accepted for another reason
     */
    Optional<String> submit(InputStream message) throws Refused;

    /** The message was not accepted; the engine has logged why. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        /**
         * @param status the exit code Exim's child process would have had (1 for most refusals)
         * @param message what went wrong
         */
        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The exit code of Exim's child process, which Exim's messages quote. */
        public int status() {
            return status;
        }
    }
}
