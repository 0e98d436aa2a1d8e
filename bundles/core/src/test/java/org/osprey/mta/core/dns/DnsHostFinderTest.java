package org.osprey.mta.core.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.DnsQuery.Records;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.HostLookup.Status;

/** {@link DnsHostFinder} against a real DNS server (dnsmasq) with the records Exim's host_find_bydns meets. */
class DnsHostFinderTest {
    /** The address that plays this host. */
    private static final String ME = "192.0.2.99";

    private static Dnsmasq dns;

    @BeforeAll
    static void start() {
        dns = Dnsmasq.builder().zone("test").zone("example")
                .mx("example.test", "mx1.example.test", 10)
                .mx("example.test", "mx2.example.test", 20)
                .host("mx1.example.test", "192.0.2.1", "2001:db8::1")
                .host("mx2.example.test", "192.0.2.2")
                .mx("equal.test", "a.equal.test", 10)
                .mx("equal.test", "b.equal.test", 10)
                .mx("equal.test", "c.equal.test", 10)
                .host("a.equal.test", "192.0.2.11")
                .host("b.equal.test", "192.0.2.12")
                .host("c.equal.test", "192.0.2.13")
                .host("plain.test", "192.0.2.5", "2001:db8::5")
                .srv("_smtp._tcp.srv.test", "mail.srv.test", 2525, 0, 5)
                .host("mail.srv.test", "192.0.2.7")
                .mx("srv.test", "mx1.example.test", 10)
                .srv("_smtp._tcp.nosrv.test", ".", 0, 0, 0)
                .cname("alias.test", "mx1.example.test")
                .mx("nohost.test", "missing.nohost.test", 5)
                .mx("self.test", "me.self.test", 10)
                .mx("self.test", "mx2.example.test", 20)
                .host("me.self.test", ME)
                .mx("secondary.test", "mx1.example.test", 10)
                .mx("secondary.test", "me.self.test", 20)
                .mx("secondary.test", "mx2.example.test", 20)
                .mx("named.test", "mx2.example.test", 5)
                .mx("named.test", "pseudo.test", 10)
                .host("pseudo.test", "192.0.2.8")
                .mx("dup.test", "mx2.example.test", 30)
                .mx("dup.test", "mx2.example.test", 15)
                .mx("dup.test", "mx1.example.test", 20)
                .servfail("servfail.test")
                .timeout("slow.test")
                .start();
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private static DnsHostFinder finder() {
        return finder(DnsHostFinder.Settings.defaults(), List.of());
    }

    private static DnsHostFinder finder(DnsHostFinder.Settings settings, List<String> searchList) {
        DnsClient client = dns.client(DnsOptions.defaults().withRetrans(Duration.ofSeconds(1), 1), searchList);
        return new DnsHostFinder(client, new LocalHost(List.of(ME), name -> name.equals("pseudo.test")), settings);
    }

    private static List<String> shown(HostLookup lookup) {
        return lookup.hosts().stream().map(h -> h.name() + " [" + h.address() + "] MX=" + h.mx()
                + (h.port() == Host.DEFAULT_PORT ? "" : " port=" + h.port())).toList();
    }

    @Test
    void mxHostsInPreferenceOrderWithIpv6First() {
        HostLookup l = finder().byDns("example.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FOUND, l.status());
        assertEquals(List.of("mx1.example.test [2001:db8::1] MX=10", "mx1.example.test [192.0.2.1] MX=10",
                "mx2.example.test [192.0.2.2] MX=20"), shown(l));
        assertEquals("example.test", l.fullyQualifiedName());
        assertFalse(l.localHostRemoved());
        assertNull(l.message());
    }

    @Test
    void equalPreferencesComeInRandomOrder() {
        Set<String> orders = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            HostLookup l = finder().byDns("equal.test", DnsQuery.mxThenAddress());
            assertEquals(3, l.hosts().size());
            orders.add(l.hosts().stream().map(Host::name).collect(Collectors.joining(",")));
        }
        assertTrue(orders.size() >= 3, "orders seen: " + orders);
    }

    @Test
    void aHostNamedTwiceKeepsItsLowestPreference() {
        HostLookup l = finder().byDns("dup.test", DnsQuery.mxThenAddress());
        assertEquals(List.of("mx2.example.test [192.0.2.2] MX=15", "mx1.example.test [2001:db8::1] MX=20",
                "mx1.example.test [192.0.2.1] MX=20"), shown(l));
    }

    @Test
    void withoutMxTheNamesOwnAddresses() {
        HostLookup l = finder().byDns("plain.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FOUND, l.status());
        assertEquals(List.of("plain.test [2001:db8::5] MX=-1", "plain.test [192.0.2.5] MX=-1"), shown(l));
    }

    @Test
    void disableIpv6AndDnsIpv4LookupAskForARecordsOnly() {
        DnsHostFinder noV6 = finder(new DnsHostFinder.Settings(n -> false, true, false), List.of());
        assertEquals(List.of("plain.test [192.0.2.5] MX=-1"), shown(noV6.byDns("plain.test", DnsQuery.addressOnly())));
        DnsHostFinder v4For = finder(new DnsHostFinder.Settings(n -> n.equals("mx1.example.test"), false, false),
                List.of());
        assertEquals(List.of("mx1.example.test [192.0.2.1] MX=10", "mx2.example.test [192.0.2.2] MX=20"),
                shown(v4For.byDns("example.test", DnsQuery.mxThenAddress())));
    }

    @Test
    void ipv4OnlyAndIpv4FirstOfTheQuery() {
        DnsQuery only = new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, false, false, false, false, false,
                false, true, false);
        assertEquals(List.of("mx1.example.test [192.0.2.1] MX=10", "mx2.example.test [192.0.2.2] MX=20"),
                shown(finder().byDns("example.test", only)));
        assertEquals(List.of("plain.test [192.0.2.5] MX=-1"), shown(finder().byDns("plain.test", only)));
        DnsQuery first = new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, false, false, false, false, false,
                false, false, true);
        assertEquals(List.of("mx1.example.test [192.0.2.1] MX=10", "mx1.example.test [2001:db8::1] MX=10",
                "mx2.example.test [192.0.2.2] MX=20"), shown(finder().byDns("example.test", first)));
    }

    @Test
    void srvRecordsFirstWithTheirPorts() {
        DnsQuery query = new DnsQuery(Set.of(Records.SRV, Records.MX, Records.ADDRESS), "smtp", false, false, false,
                false, false, false);
        HostLookup l = finder().byDns("srv.test", query);
        assertEquals(Status.FOUND, l.status());
        assertEquals(List.of("mail.srv.test [192.0.2.7] MX=0 port=2525"), shown(l));
        // Without SRV in the query the MX records count.
        assertEquals("mx1.example.test", finder().byDns("srv.test", DnsQuery.mxThenAddress()).hosts().get(0).name());
    }

    @Test
    void aSingleDotSrvRecordMeansNoService() {
        DnsQuery query = new DnsQuery(Set.of(Records.SRV, Records.MX, Records.ADDRESS), "smtp", false, false, false,
                false, false, false);
        HostLookup l = finder().byDns("nosrv.test", query);
        assertEquals(Status.FAILED, l.status());
        assertEquals("", l.hosts().get(0).name());
        assertNull(l.hosts().get(0).address());
        assertEquals("an MX or SRV record indicated no SMTP service", l.message());
    }

    @Test
    void aCnameIsFollowedAndTheHostTakesTheCanonicalName() {
        HostLookup l = finder().byDns("alias.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FOUND, l.status());
        assertEquals(List.of("mx1.example.test [2001:db8::1] MX=-1", "mx1.example.test [192.0.2.1] MX=-1"), shown(l));
        assertEquals("alias.test", l.fullyQualifiedName());
    }

    @Test
    void noSuchDomainFails() {
        HostLookup l = finder().byDns("nx.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FAILED, l.status());
        assertTrue(l.hosts().isEmpty());
    }

    @Test
    void anMxPointingToANameWithNoAddressFails() {
        HostLookup l = finder().byDns("nohost.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FAILED, l.status());
        Host h = l.hosts().get(0);
        assertEquals("missing.nohost.test", h.name());
        assertNull(h.address());
        assertEquals(5, h.mx());
        assertEquals(HostStatus.UNUSABLE, h.status());
        assertEquals("all relevant MX records point to non-existent hosts", l.message());
    }

    @Test
    void servfailTimeoutAndRefusedAreTemporary() {
        assertEquals(Status.AGAIN, finder().byDns("a.servfail.test", DnsQuery.mxThenAddress()).status());
        assertEquals(Status.AGAIN, finder().byDns("a.slow.test", DnsQuery.mxThenAddress()).status());
        assertEquals(Status.AGAIN, finder().byDns("outside.invalid", DnsQuery.mxThenAddress()).status());
        // mx_fail_domains: the failed MX lookup counts as none, and the A lookup fails in turn.
        DnsQuery mxFailIsNone = new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, false, false, false, true,
                false, false);
        assertEquals(Status.AGAIN, finder().byDns("a.servfail.test", mxFailIsNone).status());
    }

    @Test
    void dnsAgainMeansNonexistTurnsATemporaryFailureIntoNoSuchName() {
        DnsOptions options = new DnsOptions(Duration.ofSeconds(1), 1, -1, -1, 1, n -> n.endsWith(".servfail.test"));
        DnsHostFinder f = new DnsHostFinder(dns.client(options, List.of()), new LocalHost(List.of(), n -> false),
                DnsHostFinder.Settings.defaults());
        assertEquals(Status.FAILED, f.byDns("a.servfail.test", DnsQuery.mxThenAddress()).status());
    }

    @Test
    void thisHostAtTheLowestPreferenceIsFoundLocal() {
        HostLookup l = finder().byDns("self.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FOUND_LOCAL, l.status());
        assertEquals(List.of("me.self.test [192.0.2.99] MX=10", "mx2.example.test [192.0.2.2] MX=20"), shown(l));
        assertFalse(l.localHostRemoved());
    }

    @Test
    void thisHostFurtherDownIsRemovedWithEveryHostAtItsPreference() {
        HostLookup l = finder().byDns("secondary.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FOUND, l.status());
        assertEquals(List.of("mx1.example.test [2001:db8::1] MX=10", "mx1.example.test [192.0.2.1] MX=10"), shown(l));
        assertTrue(l.localHostRemoved());
    }

    @Test
    void hostsTreatAsLocalNamesCountAsThisHost() {
        HostLookup l = finder().byDns("named.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FOUND, l.status());
        assertEquals(List.of("mx2.example.test [192.0.2.2] MX=5"), shown(l));
        assertTrue(l.localHostRemoved());
        assertEquals(Status.FOUND_LOCAL, finder().byDns("pseudo.test", DnsQuery.addressOnly()).status());
    }

    @Test
    void ignoredHostsAreDroppedAndAllIgnoredFails() {
        DnsHostFinder f = finder().ignoring((name, address) -> address.equals("192.0.2.1")
                || name.equals("mx2.example.test"));
        assertEquals(List.of("mx1.example.test [2001:db8::1] MX=10"), shown(f.byDns("example.test",
                DnsQuery.mxThenAddress())));
        DnsHostFinder all = finder().ignoring((name, address) -> true);
        HostLookup l = all.byDns("example.test", DnsQuery.mxThenAddress());
        assertEquals(Status.FAILED, l.status());
        // As in Exim, the last host stays without an address, so dnslookup says
        // "all relevant MX records point to non-existent hosts" (checked with exim-reference).
        assertEquals(1, l.hosts().size());
        assertNull(l.hosts().get(0).address());
        assertEquals(20, l.hosts().get(0).mx());
        assertEquals(Status.FAILED, all.byDns("plain.test", DnsQuery.addressOnly()).status());
        assertEquals(Status.FAILED, all.byDns("192.0.2.3", DnsQuery.addressOnly()).status());
    }

    @Test
    void qualifySingleAndSearchParentsUseTheSearchList() {
        DnsHostFinder f = finder(DnsHostFinder.Settings.defaults(), List.of("test"));
        DnsQuery qualify = new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, true, false, false, false, false,
                false);
        HostLookup l = f.byDns("example", qualify);
        assertEquals(Status.FOUND, l.status());
        assertEquals("example.test", l.fullyQualifiedName());
        assertEquals(Status.FAILED, f.byDns("example", DnsQuery.mxThenAddress()).status());
        DnsHostFinder parents = finder(DnsHostFinder.Settings.defaults(), List.of("nowhere.test", "example.test"));
        DnsQuery search = new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, false, true, false, false, false,
                false);
        HostLookup p = parents.byDns("mx1", search);
        assertNotEquals(Status.FOUND, p.status(), "a single name is not searched");
        // As glibc's res_search does, the error of the name as it is wins: no MX record is no such name.
        assertEquals(Status.FAILED, finder(DnsHostFinder.Settings.defaults(), List.of("nowhere.test", "test"))
                .byDns("mx1.example", search).status());
        DnsQuery searchAddress = new DnsQuery(Set.of(Records.ADDRESS), null, false, true, false, false, false, false);
        HostLookup q = finder(DnsHostFinder.Settings.defaults(), List.of("nowhere.test", "test"))
                .byDns("mx1.example", searchAddress);
        assertEquals(Status.FOUND, q.status());
        assertEquals("mx1.example.test", q.fullyQualifiedName());
    }

    @Test
    void dnssecRequiredButNotAuthenticatedIsASecurityFailure() {
        DnsQuery require = new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, false, false, false, false, true,
                true);
        assertEquals(Status.SECURITY, finder().byDns("example.test", require).status());
        DnsQuery request = new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, false, false, false, false, true,
                false);
        HostLookup l = finder().byDns("example.test", request);
        assertEquals(Status.FOUND, l.status());
        assertFalse(l.dnssecAuthenticated());
    }

    @Test
    void ipLiteralsNeedNoLookup() {
        HostLookup l = finder().byDns("[192.0.2.3]", DnsQuery.mxThenAddress());
        assertEquals(Status.FOUND, l.status());
        assertEquals("192.0.2.3", l.hosts().get(0).address());
        assertEquals(Status.FOUND_LOCAL, finder().byName(ME).status());
    }

    @Test
    void byNameAsksTheSystemResolverIpv6First() throws UnknownHostException {
        InetAddress[] answer = {InetAddress.getByName("192.0.2.40"), InetAddress.getByName("2001:db8::40")};
        DnsHostFinder f = finder().withSystemResolver(name -> {
            if (name.equals("sys.example")) {
                return answer;
            }
            if (name.equals("busy.example")) {
                throw new UnknownHostException("busy.example: Temporary failure in name resolution");
            }
            throw new UnknownHostException(name + ": Name or service not known");
        });
        HostLookup l = f.byName("sys.example");
        assertEquals(Status.FOUND, l.status());
        assertEquals(List.of("sys.example [2001:db8::40] MX=-1", "sys.example [192.0.2.40] MX=-1"), shown(l));
        assertEquals(Status.FAILED, f.byName("nx.example").status());
        assertEquals("no IP address found for host nx.example", f.byName("nx.example").message());
        assertEquals(Status.AGAIN, f.byName("busy.example").status());
        DnsHostFinder local = finder().withSystemResolver(name -> new InetAddress[] {InetAddress.getByName(ME)});
        assertEquals(Status.FOUND_LOCAL, local.byName("me.example").status());
    }

    @Test
    void localInterfacesWithAWildcardStandForTheRunningInterfaces() {
        LocalHost local = LocalHost.of("<; 0.0.0.0 ; ::1", "192.0.2.77.2525", false, n -> false);
        assertTrue(local.isLocal("x", "127.0.0.1"));
        assertTrue(local.isLocal("x", "::1"));
        assertTrue(local.isLocal("x", "192.0.2.77"));
        assertTrue(local.isLocal("x", "0.0.0.0"));
        assertFalse(local.isLocal("x", "192.0.2.78"));
        assertFalse(LocalHost.of("127.0.0.2", null, false, n -> false).isLocal("x", "127.0.0.1"));
    }
}
