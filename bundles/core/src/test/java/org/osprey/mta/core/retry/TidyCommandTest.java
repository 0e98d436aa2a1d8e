package org.osprey.mta.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.hints.MemoryHintsStore;

/** exim_tidydb's rules and words, against a spool directory laid out as Exim's. */
class TidyCommandTest {
    static final long T0 = 1_700_000_000L;

    @TempDir
    Path spool;

    String run(HintsStore store, long now, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = TidyCommand.run(store, List.of(args), Instant.ofEpochSecond(now),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return rc + "\n" + out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void tidiesRetryAndWaitDatabases() throws Exception {
        AtomicLong clock = new AtomicLong(T0);
        MemoryHintsStore store = new MemoryHintsStore(clock::get);
        Files.createDirectories(spool.resolve("input/E"));
        Files.writeString(spool.resolve("input/1AbCdE-000002-Xy-D"), "");
        Files.writeString(spool.resolve("input/E/1AbCdE-000003-Xy-D"), "");
        store.put("retry", "T:old.example:192.0.2.9", "x");
        clock.set(T0 + 10 * 86400);
        store.put("retry", "T:mx.example:192.0.2.1:1AbCdE-000001-Xy", "x");
        store.put("retry", "T:mx.example:192.0.2.1:1AbCdE-000002-Xy", "x");
        store.put("retry", "T:mx.example:192.0.2.1:1AbCdE-000003-Xy", "x");
        store.put("wait-remote_smtp", "mx.example", "1AbCdE-000001-Xy 1AbCdE-000003-Xy");
        long now = T0 + 12 * 86400;
        assertEquals("0\nTidying Exim hints database " + spool + "/db/retry\n"
                + "deleted T:mx.example:192.0.2.1:1AbCdE-000001-Xy (no message)\n"
                + "deleted T:old.example:192.0.2.9 (too old)\n"
                + "Tidying complete\n", run(store, now, "-t", "1w4d", spool.toString(), "retry"));
        assertEquals("0\nTidying Exim hints database " + spool + "/db/wait-remote_smtp\n"
                + "updated mx.example\n"
                + "Tidying complete\n", run(store, now, spool.toString(), "wait-remote_smtp"));
        assertEquals("1AbCdE-000003-Xy", store.get("wait-remote_smtp", "mx.example").orElseThrow().value());
        assertEquals(2, store.list("retry").size());
    }

    @Test
    void usage() {
        String usage = "1\nUsage: exim_tidydb [-t <time>]  <spool-directory> <database-name>\n"
                + "  <database-name> = retry | misc | wait-<transport-name> | callout | ratelimit | tls | seen\n";
        MemoryHintsStore store = new MemoryHintsStore(() -> T0);
        assertEquals(usage, run(store, T0, spool.toString(), "bogus"));
        assertEquals(usage, run(store, T0, "-t", "7", spool.toString(), "retry"));
        assertEquals(usage, run(store, T0, "retry"));
    }
}
