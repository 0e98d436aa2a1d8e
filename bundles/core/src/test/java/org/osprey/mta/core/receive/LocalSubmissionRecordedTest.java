package org.osprey.mta.core.receive;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each message Exim 4.96 was given on standard input (RecordedCases, made by record-cases.py),
 * given to Osprey with the same configuration, caller and command line: the exit code, standard
 * error, every -D and -H file on the spool, the main, reject and panic logs and the message logs
 * must be Exim's, once message ids, times and dates are normalised away.
 */
class LocalSubmissionRecordedTest {

    static Stream<RecordedCase> cases() {
        return Stream.concat(RecordedCases.CASES.stream(), RewriteRecordedCases.CASES.stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void osprey_receives_as_exim_did(RecordedCase c, @TempDir Path dir) throws Exception {
        // Osprey's tests do not depend on the accounts of the machine: the trusted user by uid.
        String config = c.config().replace("trusted_users = cloudsdk", "trusted_users = 1000");
        SubmissionFixture f = new SubmissionFixture(dir, config);
        SubmissionFixture.Outcome o = f.submit(SubmissionFixture.user(c.user()), SubmissionFixture.options(c.args()),
                c.stdin());
        List<String> spool = o.spool().stream().map(SubmissionFixture::normalise).toList();
        assertAll(
                () -> assertEquals(c.spool(), spool, "spool files"),
                () -> assertEquals(c.mainlog(), SubmissionFixture.normalise(o.mainlog()), "mainlog"),
                () -> assertEquals(c.rejectlog(), SubmissionFixture.normalise(o.rejectlog()), "rejectlog"),
                () -> assertEquals(c.paniclog(), SubmissionFixture.normalise(o.paniclog()), "paniclog"),
                () -> assertEquals(c.msglog(), SubmissionFixture.normalise(o.msglog()), "msglog"),
                () -> assertEquals(c.stderr(), SubmissionFixture.normalise(o.stderr()), "stderr"),
                () -> assertEquals(c.exitCode(), o.exitCode(), "exit code"));
    }
}
