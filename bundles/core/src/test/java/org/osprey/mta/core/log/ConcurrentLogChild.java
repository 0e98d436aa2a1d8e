package org.osprey.mta.core.log;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;

/** A separate process for {@link LogWriterTest}: writes N long lines tagged with its name to DIR/mainlog. */
public final class ConcurrentLogChild {
    private ConcurrentLogChild() {
    }

    public static void main(String[] args) throws Exception {
        String dir = args[0];
        String tag = args[1];
        int count = Integer.parseInt(args[2]);
        String filler = "y".repeat(5000);
        try (LogWriter w = new LogWriter(LogConfig.files(dir + "/%slog", LogSelector.defaults()), Clock.systemUTC(),
                ProcessHandle.current().pid(), new PrintStream(System.err, true, StandardCharsets.UTF_8), null)) {
            for (int i = 0; i < count; i++) {
                w.write(Set.of(LogFile.MAIN), null, tag + " n" + i + " " + filler + " end");
            }
        }
    }
}
