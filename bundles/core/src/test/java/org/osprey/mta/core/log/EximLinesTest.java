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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Osprey's lines against the lines Exim 4.96 wrote for the same session under the default
 * selection, +all, and a mixture of + and - selectors (see {@link RecordedEximLines}): the
 * same events written through {@link LogWriter} give the same mainlog and rejectlog, line
 * for line once times, sizes and pids are made constant.
 */
class EximLinesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"default", "all", "mix"})
    void sameLinesAsExim(String run) throws IOException {
        LogSelector selector = RecordedEximLines.selector(run);
        LogConfig config = LogConfig.files(dir + "/%slog", selector);
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (LogWriter writer = new LogWriter(config, Clock.fixed(Instant.parse("2026-11-22T00:47:28Z"), ZoneOffset.UTC),
                4242, new PrintStream(err, true, StandardCharsets.UTF_8), null)) {
            for (LogEvent e : RecordedEximLines.events(run)) {
                writer.log(e);
            }
        }
        assertEquals(sorted(RecordedEximLines.lines("exim-mainlog-" + run)),
                sorted(Files.readAllLines(dir.resolve("mainlog"))), "mainlog under " + selector);
        assertEquals(sorted(RecordedEximLines.lines("exim-rejectlog-" + run)),
                sorted(Files.readAllLines(dir.resolve("rejectlog"))), "rejectlog");
        assertEquals(2, Files.readAllLines(dir.resolve("paniclog")).size());
        assertEquals(2, err.toString(StandardCharsets.UTF_8).lines().count(), "panics are copied to stderr");
    }

    private static List<String> sorted(List<String> lines) {
        List<String> out = new ArrayList<>(lines.stream().map(RecordedEximLines::normalise).filter(Objects::nonNull)
                .toList());
        out.sort(null);
        return out;
    }
}
