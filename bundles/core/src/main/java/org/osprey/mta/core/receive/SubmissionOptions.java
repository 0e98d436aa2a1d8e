package org.osprey.mta.core.receive;

import java.util.List;
import java.util.Objects;

/**
 * What the command line says about a message read from standard input (Exim's sendmail
 * interface, {@code mta [options] recipients < message}).
 *
 * @param sender the {@code -f} argument as given ({@code -f ''} and {@code -f '<>'} ask for the
 *        null sender), or null when there was no {@code -f}; honoured as Exim honours it: for
 *        trusted callers, and for others only when it is empty or matches
 *        {@code untrusted_set_sender}
 * @param fullName the {@code -F} argument, or null
 * @param extractRecipients {@code -t}: take the recipients from the To, Cc and Bcc headers
 * @param dotEnds false after {@code -i}, {@code -oi} or {@code -ti}: a line holding only a dot
 *        does not end the message
 * @param errorMode the {@code -oe} option
 * @param recipients the arguments after the options: addresses, each possibly a comma-separated list
 */
public record SubmissionOptions(String sender, String fullName, boolean extractRecipients, boolean dotEnds,
        ErrorMode errorMode, List<String> recipients) {

    public SubmissionOptions {
        Objects.requireNonNull(errorMode, "errorMode");
        recipients = List.copyOf(recipients);
    }

    /** The defaults of a plain {@code mta recipients...} call. */
    public static SubmissionOptions of(List<String> recipients) {
        return new SubmissionOptions(null, null, false, true, ErrorMode.MAIL, recipients);
    }

    /** With {@code -f sender}. */
    public SubmissionOptions withSender(String address) {
        return new SubmissionOptions(address, fullName, extractRecipients, dotEnds, errorMode, recipients);
    }

    /** With {@code -F name}. */
    public SubmissionOptions withFullName(String name) {
        return new SubmissionOptions(sender, name, extractRecipients, dotEnds, errorMode, recipients);
    }

    /** With {@code -t}. */
    public SubmissionOptions extractingRecipients() {
        return new SubmissionOptions(sender, fullName, true, dotEnds, errorMode, recipients);
    }

    /** With {@code -i} or {@code -oi}. */
    public SubmissionOptions ignoringDots() {
        return new SubmissionOptions(sender, fullName, extractRecipients, false, errorMode, recipients);
    }

    /** With an {@code -oe} option. */
    public SubmissionOptions withErrorMode(ErrorMode mode) {
        return new SubmissionOptions(sender, fullName, extractRecipients, dotEnds, mode, recipients);
    }
}
