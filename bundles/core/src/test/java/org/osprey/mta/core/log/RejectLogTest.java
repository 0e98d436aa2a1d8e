package org.osprey.mta.core.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.log.LogEvent.LoggedHeader;
import org.osprey.mta.core.log.LogEvent.Rejected;
import org.osprey.mta.core.log.LogEvent.RejectedContent;

/**
 * A message rejected after DATA (exim-data.conf, exim-data-session.smtp): one line in the
 * mainlog, and in the rejectlog the same line followed by the envelope (at most five
 * recipients) and the headers with their type letters, as Exim 4.96 wrote them.
 */
class RejectLogTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private void write(LogSelector selector, String id) throws IOException {
        String received = "Received: from client.example ([192.0.2.1] ident=root)\n\tby test.example with esmtp"
                + " (Exim 4.96)\n\t(envelope-from <alice@sender.example>)\n\tid " + id
                + ";\n\tSun, 22 Nov 2026 00:57:55 +0000\n";
        RejectedContent content = new RejectedContent("alice@sender.example",
                List.of("r1@test.example", "r2@test.example", "r3@test.example", "r4@test.example",
                        "r5@test.example", "r6@test.example"),
                List.of(new LoggedHeader('P', received), new LoggedHeader(' ', "Subject: spam\n"),
                        new LoggedHeader('F', "From: Alice <alice@sender.example>\n"),
                        new LoggedHeader('I', "Message-Id: <m1@sender.example>\n")));
        Peer client = new Peer("client.example", "client.example", "192.0.2.1", 4321, null, 0);
        try (LogWriter w = new LogWriter(LogConfig.files(dir + "/%slog", selector).withZone(ZoneOffset.UTC, false,
                false), Clock.fixed(Instant.parse("2026-11-22T00:57:55Z"), ZoneOffset.UTC), 1,
                new PrintStream(err, true, StandardCharsets.UTF_8), null)) {
            w.log(new Rejected(id, client, "root", "alice@sender.example", "rejected after DATA", "content rejected",
                    null, content));
        }
    }

    @Test
    void envelopeAndHeadersFollowTheLineInTheRejectlogOnly() throws IOException {
        List<String> recorded = RecordedEximLines.lines("exim-data-rejectlog");
        String id = recorded.get(0).substring(20, 36);
        write(LogSelector.defaults(), id);
        assertEquals(recorded, Files.readAllLines(dir.resolve("rejectlog")));
        assertEquals(RecordedEximLines.lines("exim-data-mainlog"), Files.readAllLines(dir.resolve("mainlog")));
    }

    @Test
    void minusRejectedHeaderLeavesJustTheLine() throws IOException {
        write(LogSelector.parse("-rejected_header"), "1xUvtz-0000Ua-18");
        assertEquals(RecordedEximLines.lines("exim-data-mainlog"), Files.readAllLines(dir.resolve("rejectlog")));
    }
}
