package org.osprey.mta.lookup.dnsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

class DnsdbDriverTest {
    static TestDnsServer server;

    @BeforeAll
    static void startServer() throws IOException {
        server = new TestDnsServer(0, DnsdbCorpusTest.zoneFiles());
        DnsdbCorpusTest.server = server;
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    static LookupResult find(String query) {
        return DnsdbCorpusTest.driver().find(new LookupRequest(null, query, Map.of(), DnsdbCorpusTest.NO_EXPANSION));
    }

    @Test
    void answersWithARecordOfTtlZeroMustNotBeCached() {
        assertEquals(new LookupResult.Found("192.0.2.77", false), find("a=zerottl.test.example"));
        assertEquals(new LookupResult.Found("192.0.2.1\n192.0.2.2", true), find("a=host.test.example"));
        assertEquals(new LookupResult.NotFound(true), find("a=nonexistent.test.example"));
    }

    @Test
    void isAQueryStyleLookupWithoutQuoting() {
        DnsdbDriver driver = new DnsdbDriver();
        assertEquals(LookupDriver.Style.QUERY, driver.style());
        assertEquals(Optional.empty(), driver.quote("a:b", ""));
    }

    @Test
    void isNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = DnsdbDriver.class.getAnnotation(MtaDriver.class);
        assertEquals(MtaDriver.LOOKUP, names.kind());
        assertEquals("dnsdb", names.name());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + LookupDriver.class.getName())) {
            assertEquals(DnsdbDriver.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
