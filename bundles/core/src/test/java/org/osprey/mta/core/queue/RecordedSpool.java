package org.osprey.mta.core.queue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.core.spool.Spool;

/** A spool made of the Exim-recorded files in {@code src/test/resources/queue}, and the recorded outputs. */
final class RecordedSpool {
    static final String SMALL = "1xUw0t-0002PI-1g";
    static final String BOUNCE = "1xUw0w-0002Qk-0I";
    static final String BIG = "1xUw0w-0002Qo-0N";
    static final String JOURNALLED = "1xUw2b-00038N-1F";
    /** Twenty seconds after the last message arrived: every age is "0m", as recorded. */
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1795309526L), ZoneOffset.UTC);

    final Spool spool;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.ISO_8859_1);
    final List<String> log = new ArrayList<>();

    RecordedSpool(Path dir, String... ids) throws IOException {
        spool = new Spool(dir, false);
        spool.create();
        Path input = dir.resolve("input");
        for (String id : ids) {
            for (String suffix : List.of("-H", "-D", "-J")) {
                Path from = resource("spool/" + id + suffix);
                if (from != null) {
                    Files.copy(from, input.resolve(id + suffix));
                }
            }
            if (id.equals(BIG)) {
                writeBigBody(input.resolve(id + "-D"));
            }
        }
    }

    /** Exim's -D file of the big message: 2,000,000 b's folded at 70 columns. */
    private static void writeBigBody(Path file) throws IOException {
        try (OutputStream o = new java.io.BufferedOutputStream(Files.newOutputStream(file))) {
            o.write((BIG + "-D\n").getBytes(StandardCharsets.US_ASCII));
            byte[] line = ("b".repeat(70) + "\n").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 2_000_000 / 70; i++) {
                o.write(line);
            }
            o.write(("b".repeat(2_000_000 % 70) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
    }

    static Path resource(String name) {
        var url = RecordedSpool.class.getResource("/queue/" + name);
        try {
            return url == null ? null : Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String expected(String name) {
        try {
            return Files.readString(resource("expected/" + name), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    QueueLister lister() {
        return new QueueLister(spool, CLOCK, out);
    }

    MessageCommands commands(boolean admin) {
        return new MessageCommands(spool, new MessageCommands.Caller("root", admin ? 0 : 4242, admin),
                (id, text) -> log.add(id + " " + text), out, CLOCK, true);
    }

    /** What was printed since the last call. */
    String take() {
        String s = bytes.toString(StandardCharsets.ISO_8859_1);
        bytes.reset();
        return s;
    }
}
