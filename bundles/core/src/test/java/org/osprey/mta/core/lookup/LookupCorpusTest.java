package org.osprey.mta.core.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupResult;
import org.osprey.mta.lookup.dsearch.DsearchDriver;
import org.osprey.mta.lookup.lsearch.IplsearchDriver;
import org.osprey.mta.lookup.lsearch.LsearchDriver;
import org.osprey.mta.lookup.lsearch.NwildlsearchDriver;
import org.osprey.mta.lookup.lsearch.WildlsearchDriver;

/**
 * The lookup layer and the real lookup drivers against what Exim 4.96 answered for the
 * same cases (src/test/lookup-corpus, recorded by scripts/record-lookup-corpus). Each case
 * is shown as {@code ${lookup{KEY}SPEC{FILE}{found <$value> <$1> <$2>}{not found}}}
 * would show it under {@code -be}.
 */
class LookupCorpusTest {
    static final Path CORPUS = Path.of("src/test/lookup-corpus").toAbsolutePath();

    static Stream<String[]> cases() throws IOException {
        return Files.readAllLines(CORPUS.resolve("expected"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1))
                .map(fields -> Stream.of(fields).map(LookupCorpusTest::unescape).toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0} {1} [{2}]")
    @MethodSource("cases")
    void answersAsEximDoes(String spec, String file, String key, String eximAnswer) {
        String expected = eximAnswer.replace("@DIR@", CORPUS.toString());
        assertEquals(expected, answer(layer(), spec, file, key));
    }

    static SearchLayer layer() {
        DriverRegistry registry = new DriverRegistry();
        List<LookupDriver> drivers = List.of(new LsearchDriver(), new WildlsearchDriver(), new NwildlsearchDriver(),
                new IplsearchDriver(), new DsearchDriver(), new QueryDriver());
        long id = 1;
        for (LookupDriver driver : drivers) {
            String name = driver instanceof QueryDriver ? "dnsdb" : driver.getClass().getSimpleName()
                    .replace("Driver", "").toLowerCase();
            registry.add(new DriverService(DriverKind.LOOKUP, name, driver, 0, id++, "corpus"));
        }
        return new SearchLayer(registry);
    }

    /** What {@code -be} prints for the case. */
    static String answer(SearchLayer layer, String spec, String file, String key) {
        String path = file.isEmpty() ? null : file.startsWith("/") ? file : CORPUS + "/" + file;
        try {
            Optional<SearchResult> found = layer.search(LookupSpec.parse(spec), path, key, new CorpusExpander());
            return found.map(r -> "found <" + r.value() + "> <" + r.keyParts().map(SearchResult.KeyParts::wild)
                    .orElse("") + "> <" + r.keyParts().map(SearchResult.KeyParts::fixed).orElse("") + ">")
                    .orElse("not found");
        } catch (LookupException e) {
            return "Failed: " + (e.isDeferred() ? "lookup of \"" + key + "\" gave DEFER: " : "") + e.getMessage();
        }
    }

    private static String unescape(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(next == 't' ? '\t' : next == 'n' ? '\n' : next);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** A query-style type that is never asked: the corpus uses it only for Exim's refusals. */
    static final class QueryDriver implements LookupDriver {
        @Override
        public Style style() {
            return Style.QUERY;
        }

        @Override
        public LookupResult find(org.osprey.mta.kernel.lookup.LookupRequest request) {
            throw new AssertionError("not expected to be asked: " + request);
        }
    }
}
