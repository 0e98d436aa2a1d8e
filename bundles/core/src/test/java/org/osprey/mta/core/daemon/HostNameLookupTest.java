package org.osprey.mta.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.core.lists.DnsDeferredException;
import org.osprey.mta.core.lists.HostResolver;

class HostNameLookupTest {
    private static HostNameLookup lookup(Map<String, List<String>> names, Map<String, List<String>> addresses) {
        return new HostNameLookup(ListenerFixture.resolver(names, addresses));
    }

    @Test
    void theFirstNameWhoseAddressesIncludeTheClientWins() {
        HostNameLookup.Result r = lookup(Map.of("192.0.2.7", List.of("liar.example", "Mail.Example.", "mx.example")),
                Map.of("liar.example", List.of("198.51.100.1"), "mail.example", List.of("192.0.2.7"),
                        "mx.example", List.of("192.0.2.8", "192.0.2.7"))).lookup("192.0.2.7");
        assertEquals("mail.example", r.name());
        assertEquals(List.of("mx.example"), r.aliases());
    }

    @Test
    void ipv6AddressesCompareAsAddresses() {
        HostNameLookup.Result r = lookup(Map.of("2001:db8::1", List.of("six.example")),
                Map.of("six.example", List.of("2001:0db8:0:0:0:0:0:1"))).lookup("2001:db8::1");
        assertEquals("six.example", r.name());
    }

    @Test
    void failuresCarryEximsMessages() {
        HostNameLookup.Result none = lookup(Map.of(), Map.of()).lookup("192.0.2.7");
        assertTrue(none.failed());
        assertEquals(" (failed to find host name from IP address)", none.message());
        HostNameLookup.Result unconfirmed = lookup(Map.of("192.0.2.7", List.of("liar.example")), Map.of())
                .lookup("192.0.2.7");
        assertNull(unconfirmed.name());
        assertEquals(" (192.0.2.7 does not match any IP address for liar.example)", unconfirmed.message());
    }

    @Test
    void aDeferredQueryIsNotAFailure() {
        HostResolver broken = new HostResolver() {
            @Override
            public List<String> addresses(String name) {
                return List.of();
            }

            @Override
            public List<String> names(String address) throws DnsDeferredException {
                throw new DnsDeferredException("timeout");
            }

            @Override
            public List<MxRecord> mx(String domain) {
                return List.of();
            }

            @Override
            public List<String> localAddresses() {
                return List.of();
            }
        };
        HostNameLookup.Result r = new HostNameLookup(broken).lookup("192.0.2.7");
        assertTrue(r.deferred());
        assertNull(r.name());
    }
}
