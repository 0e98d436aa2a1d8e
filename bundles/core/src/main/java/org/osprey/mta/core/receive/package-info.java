/**
 * Messages from standard input: Exim 4.96's sendmail interface ({@code mta [options]
 * recipients < message}). {@link org.osprey.mta.core.receive.LocalSubmission} reads a message
 * in one pass (the header section held, the body streamed to the spool), works out the sender
 * and recipients as Exim does for the caller ({@link org.osprey.mta.core.receive.Submitter})
 * and the options ({@link org.osprey.mta.core.receive.SubmissionOptions}), adds and fixes the
 * headers Exim adds to a local message, and stores it in the spool with Exim's -D and -H
 * files, the {@code <=} log line and the message log. A refused message is a
 * {@link org.osprey.mta.core.receive.SubmissionException} carrying Exim's standard error text
 * and exit code, or the error message mailed to the sender in Exim's default error mode
 * ({@link org.osprey.mta.core.receive.ErrorMode}).
 *
 * <p>Nothing here reports a message accepted before its spool files are forced to disk, and a
 * refused message leaves nothing on the spool but the error message about it.
 */
package org.osprey.mta.core.receive;
