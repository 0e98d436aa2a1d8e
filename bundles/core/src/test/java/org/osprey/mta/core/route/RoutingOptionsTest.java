package org.osprey.mta.core.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/** Each generic router option, on configurations written as Exim text, with the script and redirect test drivers. */
class RoutingOptionsTest {
    private static final String TRANSPORTS = """

            begin transports
            t1:
              driver = appendfile
              file = /dev/null
            t2:
              driver = appendfile
              file = /dev/null
            t3:
              driver = appendfile
              file = /dev/null
            """;

    @TempDir
    Path dir;

    private RouteFixture fixture(String routers) throws Exception {
        return new RouteFixture(dir, "begin routers\n" + routers + TRANSPORTS);
    }

    private static RoutingOutcome.Routed routed(RoutingOutcome o) {
        return assertInstanceOf(RoutingOutcome.Routed.class, o, () -> o.toString());
    }

    private static String failure(RoutingOutcome o) {
        return assertInstanceOf(RoutingOutcome.Failed.class, o, () -> o.toString()).message();
    }

    private static String deferral(RoutingOutcome o) {
        return assertInstanceOf(RoutingOutcome.Deferred.class, o, () -> o.toString()).message();
    }

    @Test
    void passGoesToPassRouterOrTheNext() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = script
                  result = pass
                  pass_router = r3
                r2:
                  driver = accept
                  transport = t2
                r3:
                  driver = accept
                  transport = t3
                """);
        assertEquals("r3", routed(f.route("a@x.example", Purpose.DELIVERY)).router());
        RouteFixture g = fixture("""
                r1:
                  driver = script
                  result = pass
                  no_more
                r2:
                  driver = accept
                  transport = t2
                """);
        assertEquals("r2", routed(g.route("a@x.example", Purpose.DELIVERY)).router(), "no_more does not stop a pass");
    }

    @Test
    void moreStopsAfterADeclineAndIsExpanded() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = script
                  result = decline
                  more = ${if eq{$local_part}{stop}{no}{${if eq{$local_part}{odd}{maybe}{yes}}}}
                r2:
                  driver = accept
                  transport = t2
                """);
        assertEquals("r2", routed(f.route("go@x.example", Purpose.DELIVERY)).router());
        RoutingOutcome stopped = f.route("stop@x.example", Purpose.DELIVERY);
        assertEquals("Unrouteable address", failure(stopped));
        assertNull(stopped.router());
        assertEquals("\"maybe\" is not a valid value for the \"more\" option in the r1 router",
                deferral(f.route("odd@x.example", Purpose.DELIVERY)));
    }

    @Test
    void aReasonGivenOnDecliningIsTheFailureUnlessALaterRouterTakesTheAddress() throws Exception {
        // Exim's addr->message, as dnslookup sets it: "a@dangling.test is undeliverable:
        // all relevant MX records point to non-existent hosts" in -bt.
        RouteFixture f = fixture("""
                r1:
                  driver = script
                  result = decline all relevant MX records point to non-existent hosts
                r2:
                  driver = script
                  result = ${if eq{$local_part}{go}{accept t2}{decline}}
                  cannot_route_message = not used when a router gave a reason
                """);
        assertEquals("all relevant MX records point to non-existent hosts",
                failure(f.route("a@x.example", Purpose.DELIVERY)));
        assertEquals("r2", routed(f.route("go@x.example", Purpose.DELIVERY)).router());
    }

    @Test
    void failVerifyFailsOnlyWhenVerifying() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = accept
                  domains = r.example
                  fail_verify_recipient
                  transport = t1
                r2:
                  driver = accept
                  domains = b.example
                  fail_verify
                  transport = t1
                """);
        assertEquals("r1 router forced verify failure", failure(f.route("a@r.example", Purpose.VERIFY_RECIPIENT)));
        assertEquals("r1", routed(f.route("a@r.example", Purpose.VERIFY_SENDER)).router());
        assertEquals("r1", routed(f.route("a@r.example", Purpose.DELIVERY)).router());
        assertEquals("r2 router forced verify failure", failure(f.route("a@b.example", Purpose.VERIFY_SENDER)));
        assertEquals("r2 router forced verify failure", failure(f.route("a@b.example", Purpose.VERIFY_RECIPIENT)));
        assertEquals("r2", routed(f.route("a@b.example", Purpose.ADDRESS_TEST)).router());
    }

    @Test
    void verifyFlagsVerifyOnlyAndExpnChooseRouters() throws Exception {
        RouteFixture f = fixture("""
                vonly:
                  driver = accept
                  verify_only
                  no_expn
                  transport = t1
                nosender:
                  driver = accept
                  no_verify_sender
                  transport = t2
                noexpn:
                  driver = accept
                  no_expn
                  transport = t3
                last:
                  driver = accept
                  transport = t1
                """);
        assertEquals("vonly", routed(f.route("a@x.example", Purpose.VERIFY_RECIPIENT)).router());
        assertEquals("vonly", routed(f.route("a@x.example", Purpose.VERIFY_SENDER)).router());
        assertEquals("nosender", routed(f.route("a@x.example", Purpose.DELIVERY)).router());
        assertEquals("nosender", routed(f.route("a@x.example", Purpose.ADDRESS_TEST)).router());
        assertEquals("nosender", routed(f.route("a@x.example", Purpose.EXPN)).router());
        RouteFixture g = fixture("""
                nosender:
                  driver = accept
                  no_verify_sender
                  no_verify_recipient
                  transport = t2
                noexpn:
                  driver = accept
                  no_expn
                  transport = t3
                notest:
                  driver = accept
                  no_address_test
                  transport = t1
                last:
                  driver = accept
                  transport = t1
                """);
        assertEquals("noexpn", routed(g.route("a@x.example", Purpose.VERIFY_SENDER)).router());
        assertEquals("nosender", routed(g.route("a@x.example", Purpose.EXPN)).router(), "EXPN is not verification");
        assertEquals("nosender", routed(g.route("a@x.example", Purpose.ADDRESS_TEST)).router());
        RouteFixture h = fixture("""
                notest:
                  driver = accept
                  no_address_test
                  transport = t1
                last:
                  driver = accept
                  transport = t2
                """);
        assertEquals("last", routed(h.route("a@x.example", Purpose.ADDRESS_TEST)).router());
        assertEquals("notest", routed(h.route("a@x.example", Purpose.DELIVERY)).router());
        assertEquals("notest", routed(h.route("a@x.example", Purpose.VERIFY_RECIPIENT)).router());
    }

    @Test
    void errorsToIsExpandedAndVerifiedWhenNotVerifying() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = accept
                  domains = a.example
                  errors_to = ${if eq{$local_part}{ignore}{}{${if eq{$local_part}{bad}{nobody@nowhere.example}\
                    {${if eq{$local_part}{broken}{${eval:1/0}}{bounces@a.example}}}}}}
                  transport = t1
                """);
        assertEquals("bounces@a.example", routed(f.route("u@a.example", Purpose.DELIVERY)).errorsTo());
        assertEquals("bounces@a.example", routed(f.route("u@a.example", Purpose.ADDRESS_TEST)).errorsTo());
        assertNull(routed(f.route("u@a.example", Purpose.VERIFY_RECIPIENT)).errorsTo(), "not checked when verifying");
        assertEquals("", routed(f.route("ignore@a.example", Purpose.DELIVERY)).errorsTo());
        assertNull(routed(f.route("bad@a.example", Purpose.DELIVERY)).errorsTo(), "an unverifiable one is not used");
        assertTrue(deferral(f.route("broken@a.example", Purpose.DELIVERY))
                .startsWith("r1 router failed to expand \"${if eq{$local_part}{ignore}"));
    }

    @Test
    void headerChangesAreExpandedAndInherited() throws Exception {
        RouteFixture f = fixture("""
                r0:
                  driver = script
                  domains = r.example
                  result = reroute $local_part@a.example
                  headers_add = X-Redirected: yes
                  headers_remove = X-Old
                r1:
                  driver = accept
                  headers_add = X-Local: $local_part
                  headers_add = ${if eq{1}{2}{X-Never: 1}fail}
                  headers_remove = X-A : ${if eq{1}{2}{X-Never}fail} : X-B
                  transport = t1
                """);
        RoutingOutcome.Routed direct = routed(f.route("u@a.example", Purpose.DELIVERY));
        assertEquals(List.of("X-Local: u"), direct.headersAdd());
        assertEquals(List.of("X-A", "X-B"), direct.headersRemove());
        RoutingOutcome.Rerouted r = assertInstanceOf(RoutingOutcome.Rerouted.class,
                f.route("v@r.example", Purpose.DELIVERY));
        RoutingOutcome.Routed child = routed(r.children().get(0));
        assertEquals(List.of("X-Redirected: yes", "X-Local: v"), child.headersAdd());
        assertEquals(List.of("X-Old", "X-A", "X-B"), child.headersRemove());
        RouteFixture g = fixture("""
                r1:
                  driver = accept
                  headers_add = ${foo
                  transport = t1
                """);
        assertTrue(deferral(g.route("u@a.example", Purpose.DELIVERY))
                .startsWith("r1 router failed to expand add_headers item \"${foo\": "));
    }

    @Test
    void addressDataDeclinesOnForcedFailureAndIsInherited() throws Exception {
        RouteFixture f = fixture("""
                r0:
                  driver = script
                  domains = r.example
                  address_data = from-r0
                  result = reroute child@a.example
                r1:
                  driver = accept
                  domains = a.example
                  address_data = ${if !eq{$local_part}{skip}{${if eq{$local_part}{bad}{${eval:1/0}}{d-$local_part}}}fail}
                  transport = t1
                r2:
                  driver = accept
                  condition = ${if def:address_data}
                  transport = t2
                r3:
                  driver = accept
                  transport = t3
                """);
        assertEquals("d-u", routed(f.route("u@a.example", Purpose.DELIVERY)).addressData());
        assertEquals("r3", routed(f.route("skip@a.example", Purpose.DELIVERY)).router());
        assertTrue(deferral(f.route("bad@a.example", Purpose.DELIVERY))
                .startsWith("expansion of \"${if !eq{$local_part}{skip}"));
        assertTrue(deferral(f.route("bad@a.example", Purpose.DELIVERY)).contains("\" failed in r1 router: "));
        RoutingOutcome.Rerouted r = assertInstanceOf(RoutingOutcome.Rerouted.class,
                f.route("x@r.example", Purpose.DELIVERY));
        assertEquals("d-child", routed(r.children().get(0)).addressData());
        RouteFixture g = fixture("""
                r0:
                  driver = script
                  domains = r.example
                  address_data = from-r0
                  result = reroute skip@a.example
                r1:
                  driver = accept
                  domains = a.example
                  address_data = ${if !eq{$local_part}{skip}{d-$local_part}fail}
                  transport = t1
                r2:
                  driver = accept
                  condition = ${if eq{$address_data}{from-r0}}
                  transport = t2
                """);
        RoutingOutcome.Routed inherited = routed(
                ((RoutingOutcome.Rerouted) g.route("x@r.example", Purpose.DELIVERY)).children().get(0));
        assertEquals("r2", inherited.router());
        assertEquals("from-r0", inherited.addressData());
    }

    @Test
    void setMakesRouterVariables() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = accept
                  set = r_who = $local_part ; r_where = ${domain}
                  address_data = $r_who at $r_where
                  transport = t1
                """);
        assertEquals("u at a.example", routed(f.route("u@a.example", Purpose.DELIVERY)).addressData());
    }

    @Test
    void transportFromTheOptionOrTheDriver() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = script
                  domains = d.example
                  result = accept t3
                  transport = t1
                r2:
                  driver = script
                  domains = n.example
                  result = accept
                r3:
                  driver = accept
                  transport = ${if eq{$local_part}{x}{nope}{t${length_1:$local_part}}}
                """);
        assertEquals("t3", routed(f.route("a@d.example", Purpose.DELIVERY)).transport());
        assertEquals("transport unset in r2 router", deferral(f.route("a@n.example", Purpose.DELIVERY)));
        assertEquals("t2", routed(f.route("2@e.example", Purpose.DELIVERY)).transport());
        assertEquals("transport \"nope\" not found in r3 router", deferral(f.route("x@e.example", Purpose.DELIVERY)));
    }

    @Test
    void requireFilesInAllItsForms() throws Exception {
        Path open = Files.createDirectory(dir.resolve("open"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path present = Files.writeString(open.resolve("present"), "x");
        Files.setPosixFilePermissions(present, PosixFilePermissions.fromString("rw-r--r--"));
        Path secret = Files.writeString(open.resolve("secret"), "x");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        RouteFixture f = fixture("""
                exists:
                  driver = accept
                  local_parts = exists
                  require_files = OPEN/present : !OPEN/missing
                  transport = t1
                missing:
                  driver = accept
                  local_parts = missing
                  require_files = OPEN/missing
                  transport = t1
                reader:
                  driver = accept
                  local_parts = reader
                  require_files = alice : OPEN/present
                  transport = t1
                denied:
                  driver = accept
                  local_parts = denied
                  require_files = alice,users : OPEN/secret
                  transport = t1
                plus:
                  driver = accept
                  local_parts = plus
                  require_files = alice : +OPEN/secret
                  transport = t1
                plusnot:
                  driver = accept
                  local_parts = plus
                  require_files = alice : +!OPEN/secret
                  transport = t2
                numeric:
                  driver = accept
                  local_parts = numeric
                  require_files = 1001 : OPEN/present
                  transport = t1
                nouser:
                  driver = accept
                  local_parts = nouser
                  require_files = nosuchuser
                  transport = t1
                relative:
                  driver = accept
                  local_parts = relative
                  require_files = ${if eq{1}{2}{/x}fail} : relative/path
                  transport = t1
                last:
                  driver = accept
                  transport = t3
                """.replace("OPEN", open.toString()));
        assertEquals("exists", routed(f.route("exists@x.example", Purpose.DELIVERY)).router());
        assertEquals("last", routed(f.route("missing@x.example", Purpose.DELIVERY)).router());
        assertEquals("reader", routed(f.route("reader@x.example", Purpose.DELIVERY)).router());
        assertEquals("require_files: error for " + secret + ": Permission denied",
                deferral(f.route("denied@x.example", Purpose.DELIVERY)));
        assertEquals("plusnot", routed(f.route("plus@x.example", Purpose.DELIVERY)).router());
        assertEquals("group missing after numerical uid 1001 for require_files",
                deferral(f.route("numeric@x.example", Purpose.DELIVERY)));
        assertEquals("user \"nosuchuser\" for require_files not found",
                deferral(f.route("nouser@x.example", Purpose.DELIVERY)));
        assertEquals("require_files: \"relative/path\" is not absolute",
                deferral(f.route("relative@x.example", Purpose.DELIVERY)));
    }

    @Test
    void checkLocalUserSetsHomeAndIdsAndRouterHomeDirectoryOverrides() throws Exception {
        RouteFixture f = fixture("""
                home:
                  driver = accept
                  domains = h.example
                  check_local_user
                  router_home_directory = /srv/$local_part
                  address_data = $home
                  transport = t1
                users:
                  driver = accept
                  check_local_user
                  address_data = $home:$local_user_uid:$local_user_gid:$local_part_data
                  transport = t1
                cased:
                  driver = accept
                  check_local_user
                  caseful_local_part
                  local_parts = Bob
                  transport = t2
                last:
                  driver = accept
                  transport = t3
                """);
        assertEquals("/home/alice:1001:100:alice", routed(f.route("Alice@a.example", Purpose.DELIVERY)).addressData());
        assertEquals("last", routed(f.route("nobody@a.example", Purpose.DELIVERY)).router());
        assertEquals("cased", routed(f.route("Bob@a.example", Purpose.DELIVERY)).router());
        assertEquals("last", routed(f.route("BOB@a.example", Purpose.DELIVERY)).router());
        assertEquals("/srv/alice", routed(f.route("alice@h.example", Purpose.DELIVERY)).addressData());
    }

    @Test
    void affixesAndTheirVariables() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = accept
                  local_part_prefix = *-
                  local_part_suffix = +* : -x
                  local_part_suffix_optional
                  local_parts = user
                  address_data = $local_part_prefix|$local_part_prefix_v|$local_part|$local_part_suffix|$local_part_suffix_v
                  transport = t1
                last:
                  driver = accept
                  transport = t3
                """);
        assertEquals("a-b-|a-b|user|+ext+1|ext+1",
                routed(f.route("A-B-User+ext+1@x.example", Purpose.DELIVERY)).addressData());
        assertEquals("p-|p|user||", routed(f.route("p-user@x.example", Purpose.DELIVERY)).addressData());
        assertEquals("last", routed(f.route("user@x.example", Purpose.DELIVERY)).router(), "the prefix is not optional");
        assertEquals("last", routed(f.route("p-user-x@x.example", Purpose.DELIVERY)).router(),
                "a wildcard prefix takes the longest match, leaving \"x\"");
    }

    @Test
    void driverFaultsDefer() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = script
                  result = ${if eq{$local_part}{boom}{boom}{fail no such user}}
                """);
        assertEquals("no such user", failure(f.route("a@x.example", Purpose.DELIVERY)));
        assertEquals("router r1: driver failed: java.lang.IllegalStateException: script says boom",
                deferral(f.route("boom@x.example", Purpose.DELIVERY)));
        f.registry.remove(DriverKind.ROUTER, 3);
        assertTrue(deferral(f.route("a@x.example", Purpose.DELIVERY)).startsWith("router r1: "));
    }

    @Test
    void discardAndDeferFromTheDriver() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = script
                  result = ${if eq{$local_part}{hole}{discard}{defer not now}}
                """);
        assertInstanceOf(RoutingOutcome.Discarded.class, f.route("hole@x.example", Purpose.DELIVERY));
        assertEquals("not now", deferral(f.route("a@x.example", Purpose.DELIVERY)));
    }

    @Test
    void endlessRedirectionHitsTheLongStop() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = script
                  result = reroute x$local_part@x.example
                """);
        RoutingOutcome o = f.route("a@x.example", Purpose.DELIVERY);
        List<RoutingOutcome> leaves = o.leaves();
        assertEquals(1, leaves.size());
        assertTrue(deferral(leaves.get(0)).startsWith("routing loop for x"));
    }

    @Test
    void unseenRoutesACopyFromTheNextRouter() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = accept
                  unseen = ${if eq{$local_part}{copy}{yes}{no}}
                  address_data = data-$local_part
                  headers_add = X-Seen: r1
                  transport = t1
                r2:
                  driver = accept
                  transport = t2
                """);
        RoutingOutcome.Routed copied = routed(f.route("copy@x.example", Purpose.DELIVERY));
        assertEquals("r1", copied.router());
        assertEquals("r2", routed(copied.unseen()).router());
        assertFalse(routed(copied.unseen()).duplicate());
        assertEquals("data-copy", routed(copied.unseen()).addressData(), "the copy has the address's address_data");
        assertEquals(List.of(), routed(copied.unseen()).headersAdd(), "but not its header changes");
        assertEquals(List.of("X-Seen: r1"), copied.headersAdd());
        assertNull(routed(f.route("plain@x.example", Purpose.DELIVERY)).unseen());
    }

    @Test
    void retryUseLocalPartIsReported() throws Exception {
        RouteFixture f = fixture("""
                r1:
                  driver = accept
                  no_retry_use_local_part
                  transport = t1
                """);
        assertFalse(routed(f.route("a@x.example", Purpose.DELIVERY)).retryUseLocalPart());
    }

    @Test
    void routeAllKeepsTheFirstOfTwoAddressesReachingOneMailbox() throws Exception {
        RouteFixture f = fixture("""
                aliases:
                  driver = redirect
                  domains = a.example
                  data = ${if eq{$local_part}{both}{me@b.example, you@b.example}{me@b.example}}
                r1:
                  driver = accept
                  transport = t1
                """);
        List<RoutingOutcome> all = f.routing.routeAll(List.of(
                org.osprey.mta.kernel.model.Address.of("one", "a.example"),
                org.osprey.mta.kernel.model.Address.of("both", "a.example")),
                RoutingRequest.of(Purpose.DELIVERY, "s@s.example"));
        assertFalse(routed(all.get(0).leaves().get(0)).duplicate());
        List<RoutingOutcome> second = all.get(1).leaves();
        assertEquals("me@b.example", second.get(0).address().text());
        assertTrue(routed(second.get(0)).duplicate());
        assertFalse(routed(second.get(1)).duplicate());
    }

    @Test
    void aListThatCannotBeExpandedDefers() throws Exception {
        // Exim 4.96 -bt, same router: "domains check lookup or other defer" (and a panic log line)
        RouteFixture f = fixture("""
                r1:
                  driver = accept
                  domains = ${if eq{$local_part}{d}{${eval:1/0}}{x.example}}
                  transport = t1
                r2:
                  driver = accept
                  senders = ${if eq{$local_part}{s}{${eval:1/0}}{*}}
                  transport = t2
                """);
        assertEquals("domains check lookup or other defer", deferral(f.route("d@x.example", Purpose.DELIVERY)));
        assertEquals("senders check lookup or other defer", deferral(f.route("s@y.example", Purpose.DELIVERY)));
        assertEquals("r2", routed(f.route("t@y.example", Purpose.DELIVERY)).router());
    }
}
