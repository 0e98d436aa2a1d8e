package org.osprey.mta.router.manualroute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * The router against a scripted context. The expected answers are what Exim 4.96 says with
 * {@code -bt} for the same rules (exim-reference; 192.0.2.2 was that machine's own address).
 */
class ManualrouteRouterTest {
    final ManualrouteRouterDriver driver = new ManualrouteRouterDriver();

    Router router(String... options) throws OptionValueException, ConfigurationException {
        OptionValues.Builder b = OptionValues.builder(driver.options());
        for (int i = 0; i < options.length; i += 2) {
            b.set(options[i], options[i + 1]);
        }
        return driver.create(new DriverConfig("r1", b.build()));
    }

    static RouterResult route(Router router, FakeContext context) {
        return router.route(Address.of("u", context.domain), context);
    }

    static FakeContext literals(String domain, String... ips) {
        FakeContext c = new FakeContext(domain);
        for (String ip : ips) {
            c.literal(ip);
        }
        return c;
    }

    static List<String> shown(RouterResult result) {
        return assertInstanceOf(RouterResult.Accept.class, result).hosts().stream().map(Host::toString).toList();
    }

    // Exim: a.example 198.51.100.1:198.51.100.2::2525:198.51.100.3 gives the three hosts in
    // order, the second with port=2525.
    @Test
    void literalHostsInOrderWithADoubledColonPort() throws Exception {
        Router r = router("route_list", "a.example 198.51.100.1:198.51.100.2::2525:198.51.100.3");
        RouterResult result = route(r, literals("a.example", "198.51.100.1", "198.51.100.2", "198.51.100.3"));
        assertEquals(List.of("198.51.100.1 [198.51.100.1]", "198.51.100.2 [198.51.100.2]:2525",
                "198.51.100.3 [198.51.100.3]"), shown(result));
        assertNull(((RouterResult.Accept) result).transport(), "the generic transport option decides");
    }

    // Exim: "<; [2001:db8::1]:25 ; 192.0.2.7 ; ::1 ; 2001:db8::2": the first two, ::1 is this
    // host after hosts already found, so it and what follows are dropped.
    @Test
    void bracketedIpv6WithPortAndTheLocalHostEndsTheList() throws Exception {
        Router r = router("route_list", "<! a.example \"<; [2001:db8::1]:25 ; 192.0.2.7 ; ::1 ; 2001:db8::2\"");
        FakeContext c = literals("a.example", "2001:db8::1", "192.0.2.7", "2001:db8::2");
        c.byName.put("::1", FakeContext.status(HostLookup.Status.FOUND_LOCAL, "::1"));
        assertEquals(List.of("2001:db8::1 [2001:db8::1]:25", "192.0.2.7 [192.0.2.7]"), shown(route(r, c)));
        assertEquals(List.of("byname 2001:db8::1", "byname 192.0.2.7", "byname ::1"), c.calls);
        assertNull(c.selfReason, "self is only for a local host at the head of the list");
    }

    // Exim: e.example 127.0.0.1 with self = freeze (the default) defers with "remote host
    // address is the local host"; selfReference is the engine's self option.
    @Test
    void theLocalHostFirstIsForTheSelfOption() throws Exception {
        Router r = router("route_list", "e.example 127.0.0.1:198.51.100.1");
        FakeContext c = literals("e.example", "198.51.100.1");
        c.byName.put("127.0.0.1", FakeContext.status(HostLookup.Status.FOUND_LOCAL, "127.0.0.1"));
        RouterResult.Defer defer = assertInstanceOf(RouterResult.Defer.class, route(r, c));
        assertEquals("remote host address is the local host", defer.message());
        assertEquals(List.of("127.0.0.1 [127.0.0.1]"), c.selfHosts.stream().map(Host::toString).toList());
        assertEquals(List.of("byname 127.0.0.1"), c.calls, "nothing after the local host is looked up");

        c = literals("e.example", "198.51.100.1");
        c.byName.put("127.0.0.1", FakeContext.status(HostLookup.Status.FOUND_LOCAL, "127.0.0.1"));
        c.self = (hosts, reason) -> RouterResult.accept(hosts);
        assertEquals(List.of("127.0.0.1 [127.0.0.1]", "198.51.100.1 [198.51.100.1]"), shown(route(r, c)),
                "self = send: the local host stays and the rest are looked up");
    }

    @Test
    void aLocalHostBehindAnMxIsTheLowestMxForSelf() throws Exception {
        Router r = router("route_list", "* mail.example/MX");
        FakeContext c = new FakeContext("x.example");
        c.byMx.put("mail.example", FakeContext.status(HostLookup.Status.FOUND_LOCAL, "mail.example"));
        c.self = (hosts, reason) -> RouterResult.pass();
        assertInstanceOf(RouterResult.Pass.class, route(r, c));
        assertEquals("lowest numbered MX record points to local host", c.selfReason);
    }

    // Exim: *.c.example 198.51.100.$1 for x.c.example looks up "198.51.100.x" (which fails):
    // $1 is the part the asterisk matched.
    @Test
    void wildcardAndRegexPartsAreInTheHostListExpansion() throws Exception {
        Router r = router("route_list", "*.c.example 198.51.100.$1 ; ^d(\\d+)\\.example$ 10.0.0.$1 ; "
                + "lsearch;;/etc/routes $value");
        FakeContext c = new FakeContext("x.c.example");
        RouterResult.Defer defer = assertInstanceOf(RouterResult.Defer.class, route(r, c));
        assertEquals("lookup of host \"198.51.100.x\" failed in r1 router", defer.message());

        assertEquals(List.of("10.0.0.12 [10.0.0.12]"), shown(route(r, literals("d12.example", "10.0.0.12"))));

        // Exim: lsearch;;/tmp/mr/routes $value, with "o.example: 192.0.2.77::99" in the file.
        c = literals("o.example", "192.0.2.77");
        c.lookups.put("o.example", "192.0.2.77::99");
        assertEquals(List.of("192.0.2.77 [192.0.2.77]:99"), shown(route(r, c)));
    }

    @Test
    void theFirstMatchingRuleWinsAndNoMatchDeclines() throws Exception {
        Router r = router("route_list", "a.example 198.51.100.1 ; ; !b.example 198.51.100.2 ; * 198.51.100.3");
        assertEquals(List.of("198.51.100.2 [198.51.100.2]"), shown(route(r, literals("z.example", "198.51.100.2"))));
        assertEquals(List.of("198.51.100.1 [198.51.100.1]"), shown(route(r, literals("A.example", "198.51.100.1"))));

        // Exim: u@zz.example is undeliverable: Unrouteable address (the router declined)
        r = router("route_list", "a.example 198.51.100.1");
        assertInstanceOf(RouterResult.Decline.class, route(r, new FakeContext("zz.example")));

        r = router("route_list", "defer 198.51.100.1");
        assertEquals("lookup defer in route_list",
                assertInstanceOf(RouterResult.Defer.class, route(r, new FakeContext("a.example"))).message());
    }

    @Test
    void aPatternWithColonsIsOneItem() throws Exception {
        Router r = router("route_list", "^(?:a|b)\\.example$ 198.51.100.1");
        assertEquals(List.of("198.51.100.1 [198.51.100.1]"), shown(route(r, literals("b.example", "198.51.100.1"))));
    }

    // Exim's -bt for each host_find_failed value, rules "a.example no-such-host.invalid:192.0.2.1".
    @Test
    void hostFindFailedValues() throws Exception {
        String rule = "a.example no-such-host.invalid:192.0.2.1";
        String message = "lookup of host \"no-such-host.invalid\" failed in r1 router";
        FakeContext c = literals("a.example", "192.0.2.1");
        assertEquals(message, assertInstanceOf(RouterResult.Defer.class, route(router("route_list", rule), c))
                .message());
        assertEquals(message, c.frozen, "freeze is the default: the engine is asked to freeze");
        c.frozen = null;
        assertEquals(List.of("dns no-such-host.invalid", "byname no-such-host.invalid"), c.calls,
                "DNS first, then the system's resolver: neither byname nor bydns given");
        assertEquals(message, assertInstanceOf(RouterResult.Defer.class,
                route(router("route_list", rule, "host_find_failed", "defer"), c)).message());
        assertNull(c.frozen, "defer does not freeze");
        assertEquals(message, assertInstanceOf(RouterResult.Fail.class,
                route(router("route_list", rule, "host_find_failed", "fail"), c)).message());
        assertInstanceOf(RouterResult.Decline.class, route(router("route_list", rule, "host_find_failed", "decline"), c));
        assertInstanceOf(RouterResult.Pass.class, route(router("route_list", rule, "host_find_failed", "pass"), c));
        assertEquals(List.of("192.0.2.1 [192.0.2.1]"),
                shown(route(router("route_list", rule, "host_find_failed", "ignore"), c)));
    }

    // Exim: b.example no-such-host.invalid with host_find_failed = ignore, for each host_all_ignored.
    @Test
    void hostAllIgnoredValues() throws Exception {
        FakeContext c = new FakeContext("b.example");
        String[] base = {"route_list", "b.example no-such-host.invalid", "host_find_failed", "ignore"};
        String prefix = "lookup failed for all hosts in r1 router: host_find_failed=ignore host_all_ignored=";
        assertEquals(prefix + "defer", assertInstanceOf(RouterResult.Defer.class, route(router(base), c)).message());
        assertEquals(prefix + "fail", assertInstanceOf(RouterResult.Fail.class,
                route(router(with(base, "host_all_ignored", "fail")), c)).message());
        assertNull(c.frozen, "defer does not freeze");
        assertEquals(prefix + "freeze", assertInstanceOf(RouterResult.Defer.class,
                route(router(with(base, "host_all_ignored", "freeze")), c)).message());
        assertEquals(prefix + "freeze", c.frozen);
        assertInstanceOf(RouterResult.Decline.class, route(router(with(base, "host_all_ignored", "decline")), c));
        assertInstanceOf(RouterResult.Pass.class, route(router(with(base, "host_all_ignored", "pass")), c));
    }

    // Exim: a host list of just "<" has no items at all, and so counts as all ignored.
    @Test
    void aHostListWithNoItemsIsAllIgnored() throws Exception {
        RouterResult result = route(router("route_list", "j.example <"), new FakeContext("j.example"));
        assertEquals("lookup failed for all hosts in r1 router: host_find_failed=ignore host_all_ignored=defer",
                assertInstanceOf(RouterResult.Defer.class, result).message());
    }

    static String[] with(String[] base, String... more) {
        List<String> all = new ArrayList<>(List.of(base));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void lookupKinds() throws Exception {
        FakeContext c = new FakeContext("a.example");
        c.byDns.put("mx1.example", FakeContext.found("mx1.example", FakeContext.host("mx1.example", "198.51.100.9")));
        c.byName.put("mx2.example", FakeContext.found("mx2.example", FakeContext.host("mx2.example", "198.51.100.8")));
        Router r = router("route_list", "a.example mx1.example:mx2.example bydns");
        assertEquals("lookup of host \"mx2.example\" failed in r1 router",
                assertInstanceOf(RouterResult.Defer.class, route(r, c)).message());
        assertEquals(List.of("dns mx1.example", "dns mx2.example"), c.calls, "bydns: no resolver fallback");

        c.calls.clear();
        r = router("route_list", "a.example mx2.example byname");
        assertEquals(List.of("mx2.example [198.51.100.8]"), shown(route(r, c)));
        assertEquals(List.of("byname mx2.example"), c.calls);

        c.calls.clear();
        assertEquals(List.of("mx1.example [198.51.100.9]", "mx2.example [198.51.100.8]"),
                shown(route(router("route_list", "a.example mx1.example:mx2.example"), c)));
        assertEquals(List.of("dns mx1.example", "dns mx2.example", "byname mx2.example"), c.calls);

        // Exim: "n.example 192.0.2.1 byname bydns": the last word wins
        c.calls.clear();
        route(router("route_list", "a.example mx2.example byname bydns"), c);
        assertEquals(List.of("dns mx2.example"), c.calls);
    }

    // Exim: "f.example localhost/MX::30" fails as lookup of host "localhost" (an MX lookup, port removed).
    @Test
    void mxIndirectionWithAPort() throws Exception {
        FakeContext c = new FakeContext("f.example");
        assertEquals("lookup of host \"localhost\" failed in r1 router", assertInstanceOf(RouterResult.Defer.class,
                route(router("route_list", "f.example localhost/MX::30"), c)).message());
        assertEquals(List.of("mx localhost"), c.calls);

        c.byMx.put("dom.example", FakeContext.found("dom.example",
                FakeContext.host("a.dom.example", "198.51.100.1").withMx(5),
                FakeContext.host("b.dom.example", "198.51.100.2").withMx(10)));
        RouterResult.Accept accept = assertInstanceOf(RouterResult.Accept.class,
                route(router("route_list", "* 198.51.100.7:dom.example/mx::1225"), literals2(c, "198.51.100.7")));
        assertEquals(List.of("198.51.100.7 [198.51.100.7]", "a.dom.example [198.51.100.1]:1225",
                "b.dom.example [198.51.100.2]:1225"), accept.hosts().stream().map(Host::toString).toList());
        assertEquals(List.of(-1, 5, 10), accept.hosts().stream().map(Host::mx).toList(), "MX values are kept");
    }

    static FakeContext literals2(FakeContext c, String ip) {
        c.literal(ip);
        return c;
    }

    // Exim: k.example [192.0.2.5] fails: brackets come off only with a port.
    @Test
    void bracketsWithoutAPortAreNotAnAddress() throws Exception {
        FakeContext c = literals("k.example", "192.0.2.5");
        c.byName.put("[192.0.2.5]", FakeContext.found("[192.0.2.5]", FakeContext.host("[192.0.2.5]", "192.0.2.5")));
        assertEquals("lookup of host \"[192.0.2.5]\" failed in r1 router",
                assertInstanceOf(RouterResult.Defer.class, route(router("route_list", "k.example [192.0.2.5]"), c))
                        .message());
        assertEquals(List.of("192.0.2.5 [192.0.2.5]:0"),
                shown(route(router("route_list", "k.example [192.0.2.5]::0"), c)));
    }

    // Exim: "g.example \"\"" defers for -bt ("error in r1 router: no host(s) specified for
    // domain g.example") and verifies with -bv.
    @Test
    void anEmptyHostList() throws Exception {
        Router r = router("route_list", "g.example \"\" byname remote_smtp");
        FakeContext c = new FakeContext("g.example");
        c.purpose = Purpose.ADDRESS_TEST;
        assertEquals("error in r1 router: no host(s) specified for domain g.example",
                assertInstanceOf(RouterResult.Defer.class, route(r, c)).message());
        c.purpose = Purpose.VERIFY_RECIPIENT;
        RouterResult.Accept accept = assertInstanceOf(RouterResult.Accept.class, route(r, c));
        assertEquals("remote_smtp", accept.transport());
        assertTrue(accept.hosts().isEmpty());
    }

    // Exim: "h.example 192.0.2.1 local_t" gives transport = local_t and "host 192.0.2.1" with
    // no address; route_data "\"192.0.2.1 : 192.0.2.2\" randomize local_t" gives the whole
    // list as one host.
    @Test
    void aLocalTransportGetsTheHostListAsOneUnlookedUpHost() throws Exception {
        FakeContext c = new FakeContext("d.example");
        c.localTransports.put("local_t", true);
        RouterResult.Accept accept = assertInstanceOf(RouterResult.Accept.class,
                route(router("route_data", "\"192.0.2.1 : 192.0.2.2\" randomize local_t"), c));
        assertEquals("local_t", accept.transport());
        assertEquals(List.of(Host.named("192.0.2.1 : 192.0.2.2")), accept.hosts());
        assertTrue(c.calls.isEmpty(), "nothing is looked up");

        c.localTransports.put(null, true);
        accept = assertInstanceOf(RouterResult.Accept.class, route(router("route_list", "* \"\""), c));
        assertNull(accept.transport());
        assertTrue(accept.hosts().isEmpty(), "an empty host list is fine for a local transport");
    }

    @Test
    void aTransportWordAndAbbreviatedOptions() throws Exception {
        // Exim: "i.example 192.0.2.1 ra" is randomize; "unknown_t extra" names a transport
        // that Exim and the engine then fail to find.
        FakeContext c = literals("i.example", "192.0.2.1");
        RouterResult.Accept accept = assertInstanceOf(RouterResult.Accept.class,
                route(router("route_list", "i.example 192.0.2.1 ra remote_smtp"), c));
        assertEquals("remote_smtp", accept.transport());
        assertEquals(new RuleOptions(true, RuleOptions.LK_DEFAULT, null), RuleOptions.parse("ra", false));
        assertEquals(new RuleOptions(false, RuleOptions.LK_BYNAME, "t"), RuleOptions.parse("rand b no t", true));
        assertEquals(new RuleOptions(false, RuleOptions.LK_BYDNS, null), RuleOptions.parse("ipv4_only bydns", false));
        assertEquals(new RuleOptions(false, RuleOptions.LK_DEFAULT | RuleOptions.LK_IPV4_ONLY, null),
                RuleOptions.parse("ipv4_o", false));
    }

    @Test
    void ipv4OnlyAndIpv4Prefer() throws Exception {
        FakeContext c = new FakeContext("a.example");
        c.byDns.put("h.example", FakeContext.found("h.example", FakeContext.host("h.example", "2001:db8::5"),
                FakeContext.host("h.example", "198.51.100.5")));
        c.byDns.put("six.example", FakeContext.found("six.example", FakeContext.host("six.example", "2001:db8::6")));
        assertEquals(List.of("h.example [198.51.100.5]", "h.example [2001:db8::5]"),
                shown(route(router("route_list", "* h.example ipv4_prefer"), c)));
        assertEquals(List.of("h.example [198.51.100.5]"), shown(route(router("route_list", "* h.example ipv4_only"), c)));
        assertEquals(List.of("h.example [2001:db8::5]", "h.example [198.51.100.5]"),
                shown(route(router("route_list", "* h.example"), c)));
        assertEquals("lookup of host \"six.example\" failed in r1 router", assertInstanceOf(RouterResult.Defer.class,
                route(router("route_list", "* six.example bydns ipv4_only"), c)).message(),
                "no A record, and bydns: nothing more is tried");
        assertEquals(List.of("six.example [2001:db8::6]"),
                shown(route(router("route_list", "* six.example ipv4_only bydns"), c)),
                "Exim 4.96's bydns drops an ipv4_only written before it");
    }

    @Test
    void dnsTroubleDefers() throws Exception {
        FakeContext c = new FakeContext("a.example");
        c.byDns.put("slow.example", FakeContext.status(HostLookup.Status.AGAIN, "slow.example"));
        c.byDns.put("bad.example", FakeContext.status(HostLookup.Status.SECURITY, "bad.example"));
        assertEquals("host lookup for slow.example did not complete (DNS timeout?)",
                assertInstanceOf(RouterResult.Defer.class, route(router("route_list", "* slow.example"), c)).message());
        assertEquals("host lookup for bad.example done insecurely",
                assertInstanceOf(RouterResult.Defer.class, route(router("route_list", "* bad.example"), c)).message());
    }

    @Test
    void routeData() throws Exception {
        // Exim: an empty result declines (the next router, accept, took it)
        assertInstanceOf(RouterResult.Decline.class, route(router("route_data", ""), new FakeContext("a.example")));
        assertInstanceOf(RouterResult.Decline.class, route(router("route_data", "x${fail}"), new FakeContext("a.example")));
        assertEquals("failed to expand \"${error}\": unknown variable in \"${error}\"",
                assertInstanceOf(RouterResult.Defer.class, route(router("route_data", "${error}"),
                        new FakeContext("a.example"))).message());
        // Exim: "  192.0.2.3::40 byname" gives host 192.0.2.3 port=40
        FakeContext c = literals("e.example", "192.0.2.3");
        assertEquals(List.of("192.0.2.3 [192.0.2.3]:40"), shown(route(router("route_data", "  192.0.2.3::40 byname"), c)));
        assertEquals(List.of("byname 192.0.2.3"), c.calls);
    }

    @Test
    void hostListExpansionFailures() throws Exception {
        assertInstanceOf(RouterResult.Decline.class,
                route(router("route_list", "* \"a ${fail}\""), new FakeContext("a.example")));
        // Exim: r1 router: failed to expand "${bogus": "${bogus" is not a known operator ...
        assertEquals("r1 router: failed to expand \"${error}\": unknown variable in \"${error}\"",
                assertInstanceOf(RouterResult.Defer.class, route(router("route_list", "* ${error}"),
                        new FakeContext("a.example"))).message());
    }

    @Test
    void randomizeShufflesWithinPlusGroupsOnly() throws Exception {
        String[] ips = {"198.51.100.1", "198.51.100.2", "198.51.100.3", "198.51.100.4", "198.51.100.5"};
        Router r = new ManualrouteRouter("* 198.51.100.1:198.51.100.2:198.51.100.3:+:198.51.100.4:198.51.100.5", null,
                true, HostFailureAction.FREEZE, HostFailureAction.DEFER, () -> new Random(seed++));
        Set<List<String>> orders = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            List<String> order = shown(route(r, literals("a.example", ips)));
            assertEquals(Set.of("198.51.100.1 [198.51.100.1]", "198.51.100.2 [198.51.100.2]",
                    "198.51.100.3 [198.51.100.3]"), Set.copyOf(order.subList(0, 3)));
            orders.add(order);
        }
        assertEquals(12, orders.size(), "3! orders of the first group times 2! of the second");

        Router plain = router("route_list", "* 198.51.100.1:+:198.51.100.2");
        assertEquals(List.of("198.51.100.1 [198.51.100.1]", "198.51.100.2 [198.51.100.2]"),
                shown(route(plain, literals("a.example", ips))), "without randomize a + is ignored");
        Router perRule = router("route_list", "* 198.51.100.1:198.51.100.2 no_randomize", "hosts_randomize", "true");
        for (int i = 0; i < 20; i++) {
            assertEquals(List.of("198.51.100.1 [198.51.100.1]", "198.51.100.2 [198.51.100.2]"),
                    shown(route(perRule, literals("a.example", ips))));
        }
    }

    int seed;

    // Exim's configuration errors, with its words.
    @Test
    void configurationChecks() {
        assertEquals("route_list or route_data (but not both) must be specified",
                assertThrows(ConfigurationException.class, () -> router()).getMessage());
        assertEquals("route_list or route_data (but not both) must be specified", assertThrows(
                ConfigurationException.class, () -> router("route_list", "* x", "route_data", "x")).getMessage());
        assertEquals("unrecognized setting for host_find_failed option", assertThrows(ConfigurationException.class,
                () -> router("route_data", "x", "host_find_failed", "bogus")).getMessage());
        assertEquals("unrecognized setting for host_all_ignored option", assertThrows(ConfigurationException.class,
                () -> router("route_data", "x", "host_all_ignored", "ignore")).getMessage());
    }

    @Test
    void optionTableIsExims() {
        assertEquals("[host_all_ignored, host_find_failed, hosts_randomize, route_data, route_list, "
                + "same_domain_copy_routing]", driver.options().toString());
        assertEquals("defer", ManualrouteRouterDriver.HOST_ALL_IGNORED.defaultValue());
        assertEquals("freeze", ManualrouteRouterDriver.HOST_FIND_FAILED.defaultValue());
        assertTrue(ManualrouteRouterDriver.ROUTE_DATA.isExpanded());
    }
}
