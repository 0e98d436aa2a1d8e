package org.osprey.mta.router.dnslookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * The dnslookup router against a scripted DNS. The messages are Exim 4.96's, as its -bt
 * printed them for the same DNS data (dnsmasq in a network namespace):
 * {@code a@dangling.test is undeliverable: all relevant MX records point to non-existent hosts}.
 */
class DnslookupRouterTest {
    final FakeRoutingContext context = new FakeRoutingContext();
    final Address user = Address.of("user", "example.com");

    static Router router(String... settings) {
        try {
            OptionValues.Builder values = OptionValues.builder(DnslookupOptions.TABLE);
            for (int i = 0; i < settings.length; i += 2) {
                values.set(settings[i], settings[i + 1]);
            }
            return new DnslookupRouterDriver().create(new DriverConfig("dnslookup", values.build()));
        } catch (OptionValueException e) {
            throw new AssertionError(e);
        }
    }

    RouterResult route(Router router, Address address) {
        return router.route(address, context);
    }

    // What is asked of the DNS

    @Test
    void asksForMxThenAddressRecordsWithTheResolverQualifyingSingleNames() {
        context.dns.mx("example.com", "mx.example.com", "192.0.2.1", 10);
        route(router(), user);
        assertEquals(List.of("example.com"), context.dns.namesAsked());
        DnsQuery q = context.dns.lastQuery();
        assertEquals(Set.of(DnsQuery.Records.MX, DnsQuery.Records.ADDRESS), q.records());
        assertTrue(q.qualifySingle());
        assertFalse(q.searchParents());
        assertFalse(q.srvFailIsNone() || q.mxFailIsNone() || q.ipv4Only() || q.ipv4First());
        assertFalse(q.dnssecRequest() || q.dnssecRequire(), "the generic dnssec_* options are the engine's");
    }

    @Test
    void qualifySingleAndSearchParentsAreTheResolverOptions() {
        route(router("qualify_single", "false", "search_parents", "true"), user);
        assertFalse(context.dns.lastQuery().qualifySingle());
        assertTrue(context.dns.lastQuery().searchParents());
    }

    @Test
    void checkSrvAsksForSrvRecordsOfTheExpandedService() {
        context.expands("${if true{smtp}}", "smtp");
        route(router("check_srv", "${if true{smtp}}"), user);
        DnsQuery q = context.dns.lastQuery();
        assertEquals(Set.of(DnsQuery.Records.SRV, DnsQuery.Records.MX, DnsQuery.Records.ADDRESS), q.records());
        assertEquals("smtp", q.srvService());
    }

    @Test
    void checkSrvForcedToFailStillAsksForSrvAsExim496Does() {
        // Exim 4.96's debug output for this: "DNS lookup of _NULL._tcp.mx1.test (SRV)".
        context.fails("$srv", ExpansionException.forcedFailure("forced failure"));
        context.dns.mx("example.com", "mx.example.com", "192.0.2.1", 10);
        assertInstanceOf(RouterResult.Accept.class, route(router("check_srv", "$srv"), user));
        assertTrue(context.dns.lastQuery().records().contains(DnsQuery.Records.SRV));
        assertEquals("NULL", context.dns.lastQuery().srvService());
    }

    @Test
    void checkSrvThatFailsToExpandDefers() {
        context.fails("${bad", ExpansionException.error("missing } at end of string"));
        RouterResult.Defer defer = assertInstanceOf(RouterResult.Defer.class, route(router("check_srv", "${bad"), user));
        assertEquals("dnslookup router: failed to expand \"${bad\": missing } at end of string", defer.message());
        assertTrue(context.dns.asked.isEmpty());
    }

    @Test
    void srvAndMxFailDomainsAreMatchedAgainstTheNameLookedUp() {
        var r = router("check_srv", "smtp", "srv_fail_domains", "*.com", "mx_fail_domains", "other.example");
        route(r, user);
        assertTrue(context.dns.lastQuery().srvFailIsNone());
        assertFalse(context.dns.lastQuery().mxFailIsNone());
        route(r, Address.of("user", "other.example"));
        assertFalse(context.dns.lastQuery().srvFailIsNone());
        assertTrue(context.dns.lastQuery().mxFailIsNone());
    }

    @Test
    void srvFailDomainsMeanNothingWithoutCheckSrv() {
        route(router("srv_fail_domains", "*"), user);
        assertFalse(context.dns.lastQuery().srvFailIsNone());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "1", "true", "anything", "No way"})
    void ipv4OnlyAndIpv4PreferAreTrueConditions(String value) {
        context.expands("$c", value);
        route(router("ipv4_only", "$c", "ipv4_prefer", "$c"), user);
        assertTrue(context.dns.lastQuery().ipv4Only());
        assertTrue(context.dns.lastQuery().ipv4First());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0", "no", "NO", "false", "False"})
    void ipv4OnlyAndIpv4PreferAreFalseConditions(String value) {
        context.expands("$c", value);
        route(router("ipv4_only", "$c", "ipv4_prefer", "$c"), user);
        assertFalse(context.dns.lastQuery().ipv4Only());
        assertFalse(context.dns.lastQuery().ipv4First());
    }

    @Test
    void ipv4OnlyThatFailsToExpandIsFalseUnlessALookupDeferred() {
        context.fails("$forced", ExpansionException.forcedFailure("forced"));
        context.fails("$error", ExpansionException.error("unknown variable name \"error\""));
        route(router("ipv4_only", "$forced", "ipv4_prefer", "$error"), user);
        assertFalse(context.dns.lastQuery().ipv4Only());
        assertFalse(context.dns.lastQuery().ipv4First());

        context.fails("$lookup", ExpansionException.lookupDeferred("lsearch lookup deferred"));
        int asked = context.dns.asked.size();
        assertInstanceOf(RouterResult.Defer.class, route(router("ipv4_prefer", "$lookup"), user));
        assertEquals(asked, context.dns.asked.size(), "no lookup once the condition deferred");
    }

    // What is made of the answer

    @Test
    void acceptsForTheHostsFoundInTheirOrder() {
        context.dns.mx("example.com", "mx1.example.com", "192.0.2.1", 10, "mx2.example.com", "2001:db8::2", 20,
                "mx2.example.com", "192.0.2.2", 20);
        RouterResult.Accept accept = assertInstanceOf(RouterResult.Accept.class, route(router(), user));
        assertTrue(accept.transportOverride().isEmpty());
        assertEquals(List.of("mx1.example.com", "mx2.example.com", "mx2.example.com"),
                accept.hosts().stream().map(Host::name).toList());
        assertEquals(List.of(10, 20, 20), accept.hosts().stream().map(Host::mx).toList());
    }

    @Test
    void aDomainThatDoesNotExistDeclinesWithoutAMessage() {
        RouterResult.Decline decline = assertInstanceOf(RouterResult.Decline.class, route(router(), user));
        assertTrue(decline.reason().isEmpty(), "the address is then \"Unrouteable address\"");
    }

    @Test
    void mxRecordsForHostsThatDoNotExistDeclineWithExims496Message() {
        context.dns.answer("example.com",
                ScriptedDns.failed("example.com", List.of(Host.named("nothere.example.com").withMx(10))));
        RouterResult.Decline decline = assertInstanceOf(RouterResult.Decline.class,
                route(router("widen_domains", "example.net"), user));
        assertEquals("all relevant MX records point to non-existent hosts", decline.message());
        assertEquals(List.of("example.com"), context.dns.namesAsked(), "no widening then");
    }

    @Test
    void anMxRecordWithAnIpAddressSaysSo() {
        context.dns.answer("example.com",
                ScriptedDns.failed("example.com", List.of(Host.named("192.0.2.7").withMx(10))));
        assertEquals("all relevant MX records point to non-existent hosts or (invalidly) to IP addresses",
                ((RouterResult.Decline) route(router(), user)).message());
    }

    @Test
    void anMxOrSrvRecordForDotMeansNoService() {
        context.dns.answer("example.com", ScriptedDns.failed("example.com", List.of(Host.named("").withMx(0))));
        assertEquals("an MX or SRV record indicated no SMTP service",
                ((RouterResult.Decline) route(router(), user)).message());
    }

    @Test
    void failDeferDomainsDeferInsteadOfDeclining() {
        context.dns.answer("example.com",
                ScriptedDns.failed("example.com", List.of(Host.named("nothere.example.com").withMx(10))));
        RouterResult.Defer defer = assertInstanceOf(RouterResult.Defer.class,
                route(router("fail_defer_domains", "*.net : example.com"), user));
        assertEquals("missing MX, or all MXs point to missing A records, and defer requested", defer.message());

        assertInstanceOf(RouterResult.Decline.class, route(router("fail_defer_domains", "!example.com : *"), user));
        assertEquals("lookup defer for fail_defer_domains option",
                ((RouterResult.Defer) route(router("fail_defer_domains", "defer"), user)).message());
    }

    @Test
    void failDeferDomainsIsMatchedAgainstTheNameTheDnsGave() {
        context.dns.answer("example.com", ScriptedDns.failed("example.com.fict.example", List.of()));
        assertInstanceOf(RouterResult.Defer.class, route(router("fail_defer_domains", "*.fict.example"), user));
    }

    @Test
    void temporaryAndInsecureAnswersDefer() {
        context.dns.answer("example.com",
                new HostLookup(HostLookup.Status.AGAIN, List.of(), "example.com", false, false, "timed out"));
        assertEquals("host lookup did not complete", ((RouterResult.Defer) route(router(), user)).message());
        context.dns.answer("example.com",
                new HostLookup(HostLookup.Status.SECURITY, List.of(), "example.com", false, false, "not signed"));
        assertEquals("host lookup done insecurely", ((RouterResult.Defer) route(router(), user)).message());
    }

    @Test
    void mxDomainsRefuseAddressRecordsAlone() {
        context.dns.answer("example.com", ScriptedDns.found("example.com", "example.com", "192.0.2.3", Host.NO_MX));
        RouterResult.Decline decline = assertInstanceOf(RouterResult.Decline.class,
                route(router("mx_domains", "*.net : example.com"), user));
        assertTrue(decline.reason().isEmpty(), "Exim's -bt: mxd@nomx.test is undeliverable: Unrouteable address");
        assertInstanceOf(RouterResult.Accept.class, route(router("mx_domains", "*.net"), user));
        assertEquals("lookup defer for mx_domains", ((RouterResult.Defer) route(router("mx_domains", "defer"), user))
                .message());
    }

    @Test
    void mxDomainsTakeMxOrSrvRecords() {
        context.dns.mx("example.com", "mx.example.com", "192.0.2.1", 0);
        assertInstanceOf(RouterResult.Accept.class, route(router("mx_domains", "*"), user));
        assertTrue(context.listsMatched.isEmpty(), "the list is not even looked at");
    }

    @Test
    void mxDomainsRefusalGoesOnWidening() {
        context.dns.answer("example.com", ScriptedDns.found("example.com", "example.com", "192.0.2.3", Host.NO_MX));
        context.dns.mx("example.com.fict.example", "mx.fict.example", "192.0.2.1", 10);
        route(router("mx_domains", "example.com", "widen_domains", "fict.example"), user);
        assertEquals(List.of("example.com", "example.com.fict.example"), context.dns.namesAsked());
        assertEquals("example.com.fict.example", context.domainChanges.get(0).domain());
    }

    // Widening and other changes of name

    @Test
    void widensInTurnUntilALookupSucceedsThenReroutesUnderTheNewName() {
        context.dns.mx("dictionary.ref.example", "mx.ref.example", "192.0.2.1", 10);
        Address klingon = Address.of("klingon", "dictionary");
        RouterResult result = route(router("widen_domains", "fict.example:ref.example:never.example"), klingon);
        assertEquals(List.of("dictionary", "dictionary.fict.example", "dictionary.ref.example"),
                context.dns.namesAsked());
        RouterResult.Rerouted rerouted = assertInstanceOf(RouterResult.Rerouted.class, result);
        assertEquals("klingon@dictionary.ref.example", rerouted.children().get(0).address().text());
        assertEquals(new FakeRoutingContext.DomainChange(klingon, "dictionary.ref.example", true),
                context.domainChanges.get(0));
    }

    @Test
    void declinesWhenNoWideningFinds() {
        RouterResult result = route(router("widen_domains", "<; fict.example ; ref.example"), user);
        assertEquals(List.of("example.com", "example.com.fict.example", "example.com.ref.example"),
                context.dns.namesAsked());
        assertInstanceOf(RouterResult.Decline.class, result);
    }

    @Test
    void aSenderBeingVerifiedIsNotWidenedNorQualifiedWhenHeadersWouldBeRewritten() {
        context.purpose = Purpose.VERIFY_SENDER;
        route(router("widen_domains", "fict.example", "search_parents", "true"), user);
        assertEquals(List.of("example.com"), context.dns.namesAsked());
        assertFalse(context.dns.lastQuery().qualifySingle());
        assertFalse(context.dns.lastQuery().searchParents());
    }

    @Test
    void aSenderIsWidenedWithoutHeaderRewritingOrWhenItIsAChildAddress() {
        context.purpose = Purpose.VERIFY_SENDER;
        route(router("widen_domains", "fict.example", "rewrite_headers", "false"), user);
        assertEquals(List.of("example.com", "example.com.fict.example"), context.dns.namesAsked());
        assertTrue(context.dns.lastQuery().qualifySingle());

        context.dns.asked.clear();
        route(router("widen_domains", "fict.example"), Address.of("top", "x.example").child("user", "example.com"));
        assertEquals(List.of("example.com", "example.com.fict.example"), context.dns.namesAsked());
    }

    @Test
    void aNameQualifiedByTheResolverReroutesWithHeaderRewritingAsConfigured() {
        context.dns.answer("mx1", ScriptedDns.found("mx1.test", "mail1.test", "192.0.2.1", 10));
        Address a = Address.of("a", "mx1");
        assertInstanceOf(RouterResult.Rerouted.class, route(router("rewrite_headers", "false"), a));
        assertEquals(new FakeRoutingContext.DomainChange(a, "mx1.test", false), context.domainChanges.get(0));
    }

    @Test
    void aChangeOfCaseAloneIsNoReroute() {
        context.dns.answer("example.com", ScriptedDns.found("Example.COM", "mx.example.com", "192.0.2.1", 10));
        assertInstanceOf(RouterResult.Accept.class, route(router(), user));
        assertTrue(context.domainChanges.isEmpty());
    }

    // This host among the MX hosts

    @Test
    void theLowestMxBeingThisHostIsForTheSelfOption() {
        context.selfAnswer = RouterResult.fail("self = fail");
        List<Host> hosts = ScriptedDns.hosts("me.test", "127.0.0.1", 10);
        context.dns.answer("example.com",
                new HostLookup(HostLookup.Status.FOUND_LOCAL, hosts, "example.com", false, false, null));
        assertSame(context.selfAnswer, route(router("check_secondary_mx", "true"), user));
        assertEquals(new FakeRoutingContext.SelfCall(user, hosts, "lowest numbered MX record points to local host"),
                context.selfCalls.get(0));
    }

    @Test
    void aRenamedDomainIsReroutedEvenWhenItsMxIsThisHost() {
        context.dns.answer("example.com", new HostLookup(HostLookup.Status.FOUND_LOCAL,
                ScriptedDns.hosts("me.test", "127.0.0.1", 10), "example.com.fict.example", false, false, null));
        assertInstanceOf(RouterResult.Rerouted.class, route(router(), user));
        assertTrue(context.selfCalls.isEmpty());
    }

    @Test
    void checkSecondaryMxDeclinesUnlessThisHostWasRemovedFromTheMxList() {
        context.dns.mx("example.com", "mx1.example.com", "192.0.2.1", 10);
        RouterResult.Decline decline = assertInstanceOf(RouterResult.Decline.class,
                route(router("check_secondary_mx", "true"), user));
        assertNull(decline.message());

        context.dns.answer("example.com", new HostLookup(HostLookup.Status.FOUND,
                ScriptedDns.hosts("mx1.example.com", "192.0.2.1", 10), "example.com", true, false, null));
        RouterResult.Accept accept = assertInstanceOf(RouterResult.Accept.class,
                route(router("check_secondary_mx", "true"), user));
        assertEquals("mx1.example.com", accept.hosts().get(0).name());
    }
}
