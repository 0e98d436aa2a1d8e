package org.osprey.mta.lookup.dnsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;
import org.xbill.DNS.SimpleResolver;

/**
 * The dnsdb driver against what Exim 4.96 answered for the same queries against the same
 * DNS data (src/test/dnsdb-corpus, recorded by scripts/record-lookup-corpus with
 * {@link TestDnsServer} as Exim's name server).
 */
class DnsdbCorpusTest {
    static final Path CORPUS = Path.of("src/test/dnsdb-corpus");
    static TestDnsServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new TestDnsServer(0, zoneFiles());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static List<Path> zoneFiles() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.filter(f -> f.toString().endsWith(".zone")).sorted().toList();
        }
    }

    /** A driver that asks the test server. */
    static DnsdbDriver driver() {
        return new DnsdbDriver((timeout, retries, dnssec) -> {
            SimpleResolver resolver = new SimpleResolver(server.address());
            DnsClient.configure(resolver, timeout, retries, dnssec);
            return resolver;
        });
    }

    static Stream<String[]> cases() throws IOException {
        return Files.readAllLines(CORPUS.resolve("expected"), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1))
                .map(fields -> Stream.of(fields).map(DnsdbCorpusTest::unescape).toArray(String[]::new));
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("cases")
    void answersAsEximDoes(String query, String eximAnswer) {
        assertEquals(eximAnswer, answer(query));
    }

    /** What {@code -be} prints for {@code ${lookup dnsdb{QUERY}{found <$value>}{not found}}}. */
    static String answer(String query) {
        String key = query.stripLeading();
        LookupResult result = driver().find(new LookupRequest(null, key, Map.of(), NO_EXPANSION));
        if (result instanceof LookupResult.Found found) {
            return "found <" + found.value() + ">";
        }
        if (result instanceof LookupResult.Deferred deferred) {
            return "Failed: lookup of \"" + key + "\" gave DEFER: " + deferred.message();
        }
        return "not found";
    }

    static final Expander NO_EXPANSION = new Expander() {
        @Override
        public String expand(String template) {
            return template;
        }

        @Override
        public Expander with(Map<String, String> variables) {
            return this;
        }
    };

    static String unescape(String field) {
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
}
