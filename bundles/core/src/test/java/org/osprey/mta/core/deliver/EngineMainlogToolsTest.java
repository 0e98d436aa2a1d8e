package org.osprey.mta.core.deliver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.receive.LocalSubmission;
import org.osprey.mta.core.receive.SubmissionOptions;
import org.osprey.mta.core.receive.Submitter;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.testing.EximTools;

/**
 * Exim's eximstats and exigrep over a mainlog written by Osprey's own reception and
 * delivery: messages taken as {@code mta} takes them, delivered, deferred and bounced by
 * the engine; the tools must count what happened.
 */
class EngineMainlogToolsTest {
    private static final String CONFIG = """
            qualify_domain = host.example

            begin routers
            failing:
              driver = redirect
              domains = fail.example
              allow_fail
              data = :fail: no such user here
            local:
              driver = accept
              transport = local_t

            begin transports
            local_t:
              driver = testlocal
              outcome = ${if exists{DIR/defer-$local_part}{defer not now}{ok}}

            begin retry
            * * F,1d,1h
            """;

    @TempDir
    Path dir;

    @Test
    void eximstatsAndExigrepReadTheEnginesMainlog() throws Exception {
        String skip = EximTools.prepare();
        Assumptions.assumeTrue(skip == null, () -> skip);
        try (DeliveryFixture f = new DeliveryFixture(dir, CONFIG)) {
            Files.createFile(dir.resolve("defer-later"));
            LocalSubmission submission = LocalSubmission.of(f.config, f.log,
                    new ConfiguredExpansion(f.config, new SearchLayer(f.registry)));
            Submitter root = Submitter.of("root", 0, 0, "root");
            MessageId two = submit(submission, root, "a@local.example", "b@local.example");
            MessageId failing = submit(submission, root, "x@fail.example");
            MessageId deferred = submit(submission, root, "later@local.example");
            for (MessageId id : List.of(two, failing, deferred)) {
                f.engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
            }
            Path mainlog = dir.resolve("log/mainlog");

            EximTools.Run stats = EximTools.eximstats(dir, "-nr", "-nt", "-h0", mainlog.toString());
            assertTrue(stats.ok(), stats.output());
            Matcher received = Pattern.compile(
                    "(?m)^\\s+Received\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+) \\S+%\\s+(\\d+) \\S+%").matcher(stats.output());
            assertTrue(received.find(), stats.output());
            assertEquals("4", received.group(2), "three messages and one bounce received\n" + stats.output());
            assertEquals("1", received.group(4), "one message with a delayed address");
            assertEquals("1", received.group(5), "one message with a failed address");
            Matcher delivered = Pattern.compile("(?m)^\\s+Delivered\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)")
                    .matcher(stats.output());
            assertTrue(delivered.find(), stats.output());
            assertEquals("3", delivered.group(2), "deliveries: two to a and b, the bounce to the sender");
            assertEquals("3", delivered.group(3), "delivered addresses");

            EximTools.Run grep = EximTools.exigrep(dir, failing.toString(), mainlog.toString());
            assertTrue(grep.ok(), grep.output());
            List<String> lines = grep.output().lines().filter(l -> !l.isBlank()).toList();
            assertTrue(lines.get(0).contains(failing + " <= root@host.example"), grep.output());
            assertTrue(lines.stream().anyMatch(l -> l.contains(failing + " ** x@fail.example R=failing: no such user"
                    + " here")), grep.output());
            assertTrue(lines.stream().anyMatch(l -> l.endsWith(" " + failing + " Completed")), grep.output());
            assertTrue(lines.stream().anyMatch(l -> l.contains(" <= <> R=" + failing + " ")),
                    "exigrep finds the bounce by its R= field\n" + grep.output());
            EximTools.Run pending = EximTools.exigrep(dir, deferred.toString(), mainlog.toString());
            assertTrue(pending.output().contains("+++ " + deferred + " has not completed +++"), pending.output());
        }
    }

    private static MessageId submit(LocalSubmission submission, Submitter caller, String... recipients)
            throws Exception {
        byte[] message = "Subject: counted\n\nfor eximstats\n".getBytes(StandardCharsets.US_ASCII);
        return submission.submit(caller, SubmissionOptions.of(List.of(recipients)), new ByteArrayInputStream(message))
                .id();
    }
}
