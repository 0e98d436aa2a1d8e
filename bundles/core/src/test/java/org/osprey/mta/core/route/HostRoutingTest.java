package org.osprey.mta.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.dns.Dnsmasq;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * The engine's side of routing by hosts: {@code ignore_target_hosts}, {@code self},
 * {@code pass_on_timeout}, domain changes and the messages declines leave, with the
 * "mxlookup" test driver against dnsmasq. The expected texts are those of Exim 4.96's -bt
 * with a dnslookup router under scripts/with-test-dns on the same records.
 */
class HostRoutingTest {
    private static final String TRANSPORTS = """

            begin transports
            remote_smtp:
              driver = appendfile
              file = /dev/null
            """;

    private static Dnsmasq dns;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    @BeforeAll
    static void start() {
        dns = Dnsmasq.builder().zone("test")
                .mx("example.test", "mx1.example.test", 10)
                .mx("example.test", "mx2.example.test", 20)
                .mx("example.test", "mx3.example.test", 20)
                .host("mx1.example.test", "192.0.2.1", "2001:db8::1")
                .host("mx2.example.test", "192.0.2.2")
                .host("mx3.example.test", "192.0.2.3")
                .mx("self.test", "localhost.test", 10)
                .host("localhost.test", "127.0.0.1")
                .mx("nohost.test", "missing.test", 10)
                .mx("ign.test", "mx2.example.test", 5)
                .servfail("broken.test")
                .start();
    }

    @AfterAll
    static void stop() {
        dns.close();
    }

    private Routing routing(String main, String routers) throws Exception {
        RouteFixture f = new RouteFixture(dir, main + "\nbegin routers\n" + routers + TRANSPORTS);
        return f.routing.withDns(dns.client()).logTo(log::add);
    }

    private static String self(String value) {
        return """
                dnslookup:
                  driver = mxlookup
                  transport = remote_smtp
                  ignore_target_hosts = 192.0.2.2
                  self = %s
                """.formatted(value);
    }

    private static RoutingOutcome route(Routing routing, String address) {
        return route(routing, address, Purpose.ADDRESS_TEST);
    }

    private static RoutingOutcome route(Routing routing, String address, Purpose purpose) {
        int at = address.lastIndexOf('@');
        return routing.route(Address.of(address.substring(0, at), address.substring(at + 1)),
                RoutingRequest.of(purpose, "sender@s.example"));
    }

    private static List<String> hosts(RoutingOutcome o) {
        RoutingOutcome.Routed r = assertInstanceOf(RoutingOutcome.Routed.class, o, o::toString);
        return r.hosts().stream().map(Host::toString).toList();
    }

    private static String failure(RoutingOutcome o) {
        return assertInstanceOf(RoutingOutcome.Failed.class, o, o::toString).message();
    }

    private static RoutingOutcome.Deferred deferral(RoutingOutcome o) {
        return assertInstanceOf(RoutingOutcome.Deferred.class, o, o::toString);
    }

    @Test
    void ignoreTargetHostsDropsHostsAndAllIgnoredFailsWithDnslookupsMessage() throws Exception {
        Routing r = routing("", self("fail"));
        assertEquals(List.of("mx1.example.test [2001:db8::1]", "mx1.example.test [192.0.2.1]",
                "mx3.example.test [192.0.2.3]"), hosts(route(r, "u@example.test")));
        assertEquals("all relevant MX records point to non-existent hosts", failure(route(r, "u@ign.test")));
        assertEquals("all relevant MX records point to non-existent hosts", failure(route(r, "u@nohost.test")));
        assertEquals("Unrouteable address", failure(route(r, "u@nx.test")));
        assertEquals("host lookup did not complete", deferral(route(r, "u@x.broken.test")).message());
    }

    @Test
    void selfFailFailsAndDeferDefers() throws Exception {
        assertEquals("lowest numbered MX record points to local host",
                failure(route(routing("", self("fail")), "u@self.test")));
        RoutingOutcome.Deferred d = deferral(route(routing("", self("defer")), "u@self.test"));
        assertEquals("lowest numbered MX record points to local host", d.message());
        assertFalse(d.freeze());
        assertTrue(log.isEmpty());
    }

    @Test
    void selfFreezeDefersFreezesAndLogsWhereItWasRouting() throws Exception {
        RoutingOutcome.Deferred d = deferral(route(routing("", self("freeze")), "u@self.test"));
        assertEquals("lowest numbered MX record points to local host", d.message());
        assertTrue(d.freeze());
        assertEquals(List.of("lowest numbered MX record points to local host: self.test (while routing <u@self.test>)"),
                log);
        log.clear();
        assertTrue(deferral(route(routing("", self("freeze")), "u@self.test", Purpose.DELIVERY)).freeze());
        assertTrue(log.isEmpty(), "during a delivery the delivery logs it, with the message id");
    }

    @Test
    void aDriverMayFreezeTheMessage() throws Exception {
        // manualroute's host_find_failed = freeze, through RoutingContext.freeze.
        Routing script = routing("", """
                r1:
                  driver = script
                  result = freeze lookup of host "h" failed in r1 router
                """);
        RoutingOutcome.Deferred d = deferral(route(script, "u@example.test"));
        assertEquals("lookup of host \"h\" failed in r1 router", d.message());
        assertTrue(d.freeze());
        Routing defer = routing("", """
                r1:
                  driver = script
                  result = defer lookup of host "h" failed in r1 router
                """);
        assertFalse(deferral(route(defer, "u@example.test")).freeze());
    }

    @Test
    void selfIsFreezeByDefault() throws Exception {
        String routers = """
                dnslookup:
                  driver = mxlookup
                  transport = remote_smtp
                """;
        assertTrue(deferral(route(routing("", routers), "u@self.test")).freeze());
    }

    @Test
    void selfSendDeliversToTheHostsFound() throws Exception {
        assertEquals(List.of("localhost.test [127.0.0.1]"), hosts(route(routing("", self("send")), "u@self.test")));
    }

    @Test
    void selfPassGoesToTheNextRouterWithSelfHostnameAndKeepsTheMessage() throws Exception {
        assertEquals("lowest numbered MX record points to local host",
                failure(route(routing("", self("pass")), "u@self.test")));
        Routing r = routing("", self("pass") + """
                local:
                  driver = accept
                  condition = ${if eq{$self_hostname}{localhost.test}}
                  transport = remote_smtp
                """);
        assertEquals("local", assertInstanceOf(RoutingOutcome.Routed.class, route(r, "u@self.test")).router());
    }

    @Test
    void selfRerouteRoutesAChildWithTheNewDomainFromTheFirstRouter() throws Exception {
        for (String value : List.of("reroute:example.test", "reroute: rewrite: example.test")) {
            RoutingOutcome o = route(routing("", self(value)), "u@self.test");
            RoutingOutcome.Rerouted re = assertInstanceOf(RoutingOutcome.Rerouted.class, o, o::toString);
            RoutingOutcome child = re.children().get(0);
            assertEquals("u@example.test", child.address().text());
            assertEquals(3, hosts(child).size());
        }
    }

    @Test
    void passOnTimeoutTurnsADeferralAfterATimedOutLookupIntoAPass() throws Exception {
        String next = """
                next:
                  driver = accept
                  transport = remote_smtp
                """;
        Routing r = routing("", self("fail").replace("self = fail", "pass_on_timeout") + next);
        assertEquals("next", assertInstanceOf(RoutingOutcome.Routed.class, route(r, "u@x.broken.test")).router());
        Routing without = routing("", self("fail") + next);
        assertEquals("host lookup did not complete", deferral(route(without, "u@x.broken.test")).message());
        // A deferral without a timed-out lookup stays a deferral.
        Routing script = routing("", """
                r1:
                  driver = script
                  result = defer busy
                  pass_on_timeout
                """ + next);
        assertEquals("busy", deferral(route(script, "u@example.test")).message());
    }

    @Test
    void hostsTreatAsLocalMakesANamedHostThisHost() throws Exception {
        Routing r = routing("hosts_treat_as_local = mx1.example.test", self("fail"));
        assertEquals("lowest numbered MX record points to local host", failure(route(r, "u@example.test")));
    }

    @Test
    void dnssecRequireDomainsMakesAnUnauthenticatedAnswerASecurityFailure() throws Exception {
        Routing r = routing("", self("fail") + "  dnssec_require_domains = example.test\n");
        assertEquals("host lookup done insecurely", deferral(route(r, "u@example.test")).message());
        Routing other = routing("", self("fail") + "  dnssec_require_domains = other.test\n");
        assertEquals(3, hosts(route(other, "u@example.test")).size());
    }
}
