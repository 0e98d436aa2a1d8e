package org.osprey.mta.router.manualroute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.router.RouterDriver;

/** The pieces of Exim's syntax the router reads itself: lists, rules, host items, IP addresses. */
class SyntaxTest {

    @Test
    void listsAsStringNextinlistReadsThem() {
        assertEquals(List.of("a", "b:c", "", "d"), EximList.items(" a : b::c : : d :", ':'));
        assertEquals(List.of("[::1]:25", "h"), EximList.items("<; [::1]:25 ; h", ':'));
        assertEquals(List.of("x y", "z;w"), EximList.items("x y ; z;;w", ';'));
        assertEquals(List.of(), EximList.items("<", ':'));
        assertEquals(List.of(), EximList.items("   ", ':'));
    }

    @Test
    void rulesSplitIntoPatternHostsAndOptions() {
        assertEquals(new RouteItem("*.example", "h1:h2", "randomize  t"),
                RouteItem.ofRule("  *.example   h1:h2  randomize  t"));
        assertEquals(new RouteItem("a b", "x\ty", ""), RouteItem.ofRule("\"a b\" \"x\\ty\""));
        assertEquals(new RouteItem("d", "", ""), RouteItem.ofRule("d"));
        assertNull(RouteItem.ofRule("   "));
        assertEquals(new RouteItem(null, "h", "byname"), RouteItem.ofData(" h byname"));
        assertEquals(new RouteItem(null, "", ""), RouteItem.ofData(""));
    }

    @Test
    void hostItemsWithPortsAndMx() {
        assertEquals(new HostItem("host1.tld", 1225, false), HostItem.parse("host1.tld:1225"));
        assertEquals(new HostItem("10.1.1.1", 1225, false), HostItem.parse("[10.1.1.1]:1225"));
        assertEquals(new HostItem("::1", 1226, false), HostItem.parse("[::1]:1226"));
        assertEquals(new HostItem("2001:db8::2", Host.DEFAULT_PORT, false), HostItem.parse("2001:db8::2"));
        assertEquals(new HostItem("::1", Host.DEFAULT_PORT, false), HostItem.parse("::1"));
        assertEquals(new HostItem("[192.0.2.5]", Host.DEFAULT_PORT, false), HostItem.parse("[192.0.2.5]"));
        assertEquals(new HostItem("dom1.tld", 1225, true), HostItem.parse("dom1.tld/mx:1225"));
        assertEquals(new HostItem("x.y", Host.DEFAULT_PORT, true), HostItem.parse("x.y/MX"));
        assertEquals(new HostItem("/MX", Host.DEFAULT_PORT, false), HostItem.parse("/MX"));
        assertEquals(new HostItem("h:25:26", Host.DEFAULT_PORT, false), HostItem.parse("h:25:26"));
        assertEquals(new HostItem("a", 5, false), HostItem.parse("a:5"));
        assertEquals(new HostItem(":5", Host.DEFAULT_PORT, false), HostItem.parse(":5"), "too short for a port");
    }

    @Test
    void ipAddresses() {
        for (String ip : List.of("192.0.2.1", "::1", "2001:db8::1", "::ffff:192.0.2.1", "1:2:3:4:5:6:7:8", "fe80::1%eth0")) {
            assertTrue(IpLiteral.is(ip), ip);
        }
        for (String name : List.of("host.example", "192.0.2.256", "1.2.3", "[192.0.2.1]", "1::2::3", "x:y", "")) {
            assertFalse(IpLiteral.is(name), name);
        }
    }

    @Test
    void isNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = ManualrouteRouterDriver.class.getAnnotation(MtaDriver.class);
        assertEquals("router", names.kind());
        assertEquals("manualroute", names.name());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + RouterDriver.class.getName())) {
            assertEquals(ManualrouteRouterDriver.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
