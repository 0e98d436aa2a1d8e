package org.osprey.mta.core.receive;

import java.util.List;

/**
 * One message Exim 4.96 received from standard input, and what it left: see record-cases.py.
 * Everything but the arguments is a byte string (one char per byte), normalised as
 * {@link SubmissionFixture#normalise} does.
 *
 * @param name the case's name
 * @param user who ran Exim: root, nobody (untrusted) or cloudsdk (uid 1000)
 * @param config the lines added to the base configuration
 * @param args the command line after {@code -odq}
 * @param stdin the message
 * @param exitCode Exim's exit code
 * @param stderr what Exim wrote to standard error
 * @param spool the spool's input files, in name order (-D before -H, message by message)
 * @param mainlog the main log
 * @param rejectlog the reject log
 * @param paniclog the panic log
 * @param msglog the message logs, one after the other
 */
record RecordedCase(String name, String user, String config, List<String> args, String stdin, int exitCode,
        String stderr, List<String> spool, String mainlog, String rejectlog, String paniclog, String msglog) {

    @Override
    public String toString() {
        return name;
    }
}
