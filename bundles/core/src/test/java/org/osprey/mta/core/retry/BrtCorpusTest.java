package org.osprey.mta.core.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;

/**
 * Exim 4.96's answers to {@code -brt} (recorded by brt-record.sh from brt-configure and
 * brt-cases.txt into brt-corpus.txt) and Osprey's must be the same, output and exit code.
 */
class BrtCorpusTest {
    @TempDir
    static Path dir;

    static Configuration load() throws Exception {
        Path file = dir.resolve("configure");
        Files.write(file, resource("brt-configure"));
        return new ConfigLoader((kind, name) -> Optional.empty()).hostName(() -> "test.example")
                .load(file, Map.of());
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = BrtCorpusTest.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }

    static Stream<Arguments> cases() throws IOException {
        String corpus = new String(resource("brt-corpus.txt"), StandardCharsets.ISO_8859_1);
        List<Arguments> cases = new ArrayList<>();
        for (String block : corpus.split("(?m)^== ", -1)) {
            if (block.isEmpty()) {
                continue;
            }
            int nl = block.indexOf('\n');
            String args = block.substring(0, nl);
            String rest = block.substring(nl + 1);
            int rc = rest.lastIndexOf("rc=");
            cases.add(Arguments.of(args, rest.substring(0, rc), Integer.parseInt(rest.substring(rc + 3).trim())));
        }
        return cases.stream();
    }

    private static Configuration config;

    @ParameterizedTest(name = "-brt {0}")
    @MethodSource("cases")
    void sameAsExim(String args, String expected, int expectedRc) throws Exception {
        if (config == null) {
            config = load();
        }
        List<String> argv = args.isEmpty() ? List.of() : Arrays.asList(args.split(" +"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = RetryTester.run(config, argv, new PrintStream(out, true, StandardCharsets.ISO_8859_1));
        assertEquals(expected, out.toString(StandardCharsets.ISO_8859_1));
        assertEquals(expectedRc, rc);
    }
}
