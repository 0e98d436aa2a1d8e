package org.osprey.mta.core.expand;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One recorded case of the differential corpus: a {@code -be} argument and what Exim 4.96
 * printed for it, read from the {@code *.expected} files that scripts/record-expansion-corpus
 * writes ({@code > case} then {@code | line} for each line printed). Both are byte strings
 * (one char per byte), as Exim reads and prints bytes.
 */
record CorpusCase(Path file, String input, String expected) {

    @Override
    public String toString() {
        return file.getFileName() + ": " + input;
    }

    static List<CorpusCase> read(Path expectedFile) throws IOException {
        List<CorpusCase> cases = new ArrayList<>();
        String input = null;
        StringBuilder output = new StringBuilder();
        for (String line : Files.readAllLines(expectedFile, StandardCharsets.ISO_8859_1)) {
            if (line.startsWith("> ")) {
                if (input != null) {
                    cases.add(new CorpusCase(expectedFile, input, output.toString()));
                }
                input = line.substring(2);
                output.setLength(0);
            } else if (line.startsWith("| ")) {
                output.append(line, 2, line.length()).append('\n');
            } else if (line.equals("|")) {
                output.append('\n');
            }
        }
        if (input != null) {
            cases.add(new CorpusCase(expectedFile, input, output.toString()));
        }
        return cases;
    }

    /** The case as the text of a command-line argument (its bytes decoded as UTF-8). */
    String argument() {
        return new String(input.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    /** The configuration named on the first line of the cases file ({@code #config NAME}), or null. */
    Path config() throws IOException {
        String name = file.getFileName().toString().replace(".expected", ".cases");
        Path cases = file.resolveSibling(name);
        if (!Files.exists(cases)) {
            return null;
        }
        String first = Files.readAllLines(cases, StandardCharsets.UTF_8).stream().findFirst().orElse("");
        return first.startsWith("#config ") ? file.resolveSibling(first.substring(8).trim()) : null;
    }
}
