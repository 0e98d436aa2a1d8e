package org.osprey.mta.acl.dnslists;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.osprey.mta.kernel.acl.ConditionResult;

/**
 * The dnslists condition against what Exim 4.96 answered for the same conditions against
 * the same DNS data (src/test/dnslists-corpus, recorded by scripts/record-dnslists-corpus
 * with {@link TestDnsServer} as Exim's name server).
 */
class DnslistsCorpusTest {
    static final Path EXPECTED = Path.of("src/test/dnslists-corpus/expected");

    @BeforeAll
    static void startServer() throws IOException {
        DnslistsConditionTest.startServer();
    }

    @AfterAll
    static void stopServer() {
        DnslistsConditionTest.stopServer();
    }

    static Stream<String[]> cases() throws IOException {
        return Files.readAllLines(EXPECTED, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .map(line -> line.split("\t", -1));
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @MethodSource("cases")
    void answersAsEximDoes(String host, String argument, String eximReply) {
        assertEquals(eximReply, reply(DnslistsConditionTest.evaluate(host, argument)));
    }

    /**
     * The reply to RCPT of the recording's ACL: {@code deny dnslists = ...} with the message
     * {@code listed|$dnslist_domain|$dnslist_matched|$dnslist_value|$dnslist_text}, then
     * {@code accept}. A variable the condition does not set is empty, as in a fresh Exim.
     */
    static String reply(ConditionResult result) {
        if (result instanceof ConditionResult.Ok ok) {
            Map<String, String> v = ok.variables();
            return "550 listed|" + String.join("|", v.getOrDefault("dnslist_domain", ""),
                    v.getOrDefault("dnslist_matched", ""), v.getOrDefault("dnslist_value", ""),
                    v.getOrDefault("dnslist_text", ""));
        }
        if (result instanceof ConditionResult.Defer) {
            return "451 Temporary local problem - please try later";
        }
        if (result instanceof ConditionResult.Fail) {
            return "250 Accepted";
        }
        return result.toString();
    }
}
