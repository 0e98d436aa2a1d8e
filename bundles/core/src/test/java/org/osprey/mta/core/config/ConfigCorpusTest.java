package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorded corpus: configuration files, valid and broken, each with the {@code -bP}
 * commands run on it and what Exim 4.96 printed and returned, recorded by
 * {@code scripts/record-config-corpus} and normalised (see {@code corpus/README}).
 * Osprey must print the same, byte for byte, and return the same code.
 */
class ConfigCorpusTest {
    static Path corpus() {
        return CorpusAccounts.resource("corpus");
    }

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> files = Files.list(corpus())) {
            for (Path conf : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
                String name = conf.getFileName().toString().replaceFirst("\\.conf$", "");
                for (Recorded r : Recorded.read(conf.resolveSibling(name + ".expected"))) {
                    cases.add(Arguments.of(name + ": " + r.command(), conf, r));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void ospreyPrintsWhatEximPrinted(String title, Path conf, Recorded recorded) {
        assertEquals(recorded.transcript(), CorpusRun.run(conf.toAbsolutePath(), recorded.command()), title);
    }

    @Test
    void everyCaseHasItsRecording() throws IOException {
        try (Stream<Path> files = Files.list(corpus())) {
            for (Path conf : files.filter(p -> p.toString().endsWith(".conf")).toList()) {
                Path expected = Path.of(conf.toString().replaceFirst("\\.conf$", ".expected"));
                assertFalse(Recorded.read(expected).isEmpty(), "no recording for " + conf.getFileName());
            }
        }
    }

    /** One recorded command and its normalised transcript. */
    record Recorded(String command, String transcript) {
        /** Reads an .expected file: "$ command" lines, each followed by its transcript. */
        static List<Recorded> read(Path file) throws IOException {
            List<Recorded> recorded = new ArrayList<>();
            if (!Files.exists(file)) {
                return recorded;
            }
            String command = null;
            StringBuilder transcript = new StringBuilder();
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("$ ")) {
                    if (command != null) {
                        recorded.add(new Recorded(command, transcript.toString()));
                    }
                    command = line.substring(2);
                    transcript.setLength(0);
                } else if (command != null) {
                    transcript.append(line).append('\n');
                }
            }
            if (command != null) {
                recorded.add(new Recorded(command, transcript.toString()));
            }
            return recorded;
        }

        @Override
        public String toString() {
            return command;
        }
    }
}
