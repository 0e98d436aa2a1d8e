package org.osprey.mta.core.expand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.lookup.Lookups;

/**
 * The differential corpus: every case recorded from Exim 4.96 -be (in test resources
 * expand/ and lists/) must print the same here. The cases of lookups.expected need the lookup
 * layer and the lsearch/dsearch drivers and run only when those classes are present.
 */
class ExpansionCorpusTest {

    static Stream<CorpusCase> cases() throws IOException, URISyntaxException {
        List<CorpusCase> all = new ArrayList<>();
        for (String dir : List.of("expand", "lists")) {
            Path base = Path.of(ExpansionCorpusTest.class.getResource("/" + dir).toURI());
            try (Stream<Path> files = Files.list(base)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".expected")).sorted().toList()) {
                    all.addAll(CorpusCase.read(f));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void printsWhatEximPrints(CorpusCase c) throws IOException {
        Lookups lookups = null;
        if (c.file().getFileName().toString().startsWith("lookups")) {
            lookups = CorpusLookups.create();
            assumeTrue(lookups != null, "the lookup layer and its drivers are not on the class path");
        }
        String dir = c.file().getParent().toString();
        Map<String, NamedList> lists = namedLists(c.config(), dir);
        Lookups layer = lookups;
        ExpansionEnvironment env = new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return Settings.of(Map.of("primary_hostname", "test.example"));
            }

            @Override
            public Lookups lookups() {
                return layer;
            }

            @Override
            public Optional<NamedList> namedList(ListType type, String name) {
                return Optional.ofNullable(lists.get(type + ":" + name));
            }
        };
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        String arg = c.argument().replace("@DIR@", dir);
        ExpansionTester.run(List.of(arg), new BufferedReader(new StringReader("")), out, env,
                ExpansionTester.invokerContext("root", 0, 0, env));
        String printed = bytes.toString(StandardCharsets.ISO_8859_1).replace(dir, "@DIR@");
        assertEquals(c.expected(), printed);
    }

    /** The named lists of a corpus configuration ({@code domainlist name = value} lines). */
    static Map<String, NamedList> namedLists(Path config, String dir) throws IOException {
        Map<String, NamedList> lists = new HashMap<>();
        if (config == null) {
            return lists;
        }
        for (String line : Files.readAllLines(config, StandardCharsets.UTF_8)) {
            for (ListType type : ListType.values()) {
                if (line.startsWith(type.keyword() + " ")) {
                    String rest = line.substring(type.keyword().length()).trim();
                    int eq = rest.indexOf('=');
                    String name = rest.substring(0, eq).trim();
                    String value = rest.substring(eq + 1).trim().replace("@DIR@", dir);
                    lists.put(type + ":" + name, new NamedList(type, name, value, value.indexOf('$') < 0, false));
                }
            }
        }
        return lists;
    }
}
