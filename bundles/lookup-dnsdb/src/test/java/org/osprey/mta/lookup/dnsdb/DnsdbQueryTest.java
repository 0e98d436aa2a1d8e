package org.osprey.mta.lookup.dnsdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.IpAddress;

class DnsdbQueryTest {

    @Test
    void aBareNameIsATxtQueryWithTheDefaults() throws DnsdbQuery.SyntaxException {
        DnsdbQuery query = DnsdbQuery.parse("example.org");
        assertEquals(RecordType.TXT, query.type());
        assertEquals(List.of("example.org"), query.names());
        assertEquals("\n", query.outputSeparator());
        assertNull(query.fieldSeparator());
        assertEquals(DnsdbQuery.Mode.LAX, query.defer());
        assertEquals(DnsdbQuery.Mode.LAX, query.dnssec());
        assertNull(query.timeout());
        assertEquals(-1, query.retries());
    }

    @Test
    void separatorsModifiersTypeAndList() throws DnsdbQuery.SyntaxException {
        DnsdbQuery query = DnsdbQuery.parse(" >:,; DEFER_strict , dnssec_never,retrans_2m,retry_3, MX = <;a;b;;c");
        assertEquals(":", query.outputSeparator());
        assertEquals(";", query.fieldSeparator());
        assertEquals(DnsdbQuery.Mode.STRICT, query.defer());
        assertEquals(DnsdbQuery.Mode.NEVER, query.dnssec());
        assertEquals(Duration.ofMinutes(2), query.timeout());
        assertEquals(3, query.retries());
        assertEquals(RecordType.MX, query.type());
        assertEquals(List.of("a", "b;c"), query.names());
        assertEquals("", DnsdbQuery.parse(">|; txt=x").fieldSeparator());
    }

    @Test
    void aPtrQueryForOneIpv6AddressIsNotSplitAtItsColons() throws DnsdbQuery.SyntaxException {
        assertEquals(List.of("2001:db8::1"), DnsdbQuery.parse("ptr=2001:db8::1").names());
        assertEquals(List.of("2001", "db8:1"), DnsdbQuery.parse("a=2001:db8::1").names(), "a doubled colon is a colon");
    }

    @Test
    void mistakesAreReportedInEximsWords() {
        assertEquals("unsupported DNS record type",
                assertThrows(DnsdbQuery.SyntaxException.class, () -> DnsdbQuery.parse("foo=bar")).getMessage());
        assertEquals("unsupported dnsdb defer behaviour",
                assertThrows(DnsdbQuery.SyntaxException.class, () -> DnsdbQuery.parse("defer_x,a=b")).getMessage());
        assertEquals("unsupported dnsdb timeout value",
                assertThrows(DnsdbQuery.SyntaxException.class, () -> DnsdbQuery.parse("retrans_5s")).getMessage());
        assertEquals("dnsdb modifier syntax error",
                assertThrows(DnsdbQuery.SyntaxException.class, () -> DnsdbQuery.parse("retry_1 a=b")).getMessage());
    }

    @Test
    void addressesAreReversedIntoTheNamesOfTheirPtrRecords() {
        assertEquals("4.3.2.1.in-addr.arpa", DnsdbSearch.reverseName(IpAddress.parse("1.2.3.4").orElseThrow()));
        assertEquals("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa.",
                DnsdbSearch.reverseName(IpAddress.parse("2001:db8::1").orElseThrow()));
    }
}
