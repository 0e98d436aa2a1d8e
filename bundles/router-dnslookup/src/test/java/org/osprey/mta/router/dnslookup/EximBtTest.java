package org.osprey.mta.router.dnslookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;

/**
 * Every address Exim 4.96's -bt failed or deferred in the recorded runs (resources
 * exim-bt/, see its README), routed again here with the DNS answers of the same
 * dnsmasq.conf scripted as the engine's host finder gives them, and the same routers. The
 * router's decision, written as -bt writes it, must be Exim's line word for word.
 */
class EximBtTest {
    private static final Pattern NOT_ROUTED = Pattern.compile(
            "^(\\S+)@(\\S+) (is undeliverable|cannot be resolved at this time): (.*)$");

    /** The answers for dnsmasq.conf's names; anything else does not exist. */
    private static FakeRoutingContext dnsmasq() {
        FakeRoutingContext context = new FakeRoutingContext();
        context.selfAnswer = RouterResult.defer(DnslookupRouter.SELF_REASON); // self = freeze, the default
        context.dns.mx("mx1.test", "mail1.test", "192.0.2.1", 10)
                .mx("two.test", "mail1.test", "192.0.2.1", 10, "mail2.test", "2001:db8::2", 20,
                        "mail2.test", "192.0.2.2", 20)
                .mx("nomx.test", "nomx.test", "192.0.2.3", Host.NO_MX)
                .answer("dangling.test", noAddresses("dangling.test", "nothere.test", 10))
                .answer("iprhs.test", noAddresses("iprhs.test", "192.0.2.7", 10))
                .answer("dotmx.test", noAddresses("dotmx.test", "", 0))
                .answer("nosrv.test", noAddresses("nosrv.test", "", 0))
                .answer("selfmx.test", new HostLookup(HostLookup.Status.FOUND_LOCAL,
                        ScriptedDns.hosts("me.test", "127.0.0.1", 10), "selfmx.test", false, false, null))
                .answer("secondary.test", new HostLookup(HostLookup.Status.FOUND,
                        ScriptedDns.hosts("mail1.test", "192.0.2.1", 10), "secondary.test", true, false, null));
        return context;
    }

    private static HostLookup noAddresses(String domain, String host, int mx) {
        return ScriptedDns.failed(domain, List.of(new Host(host, null, Host.DEFAULT_PORT, mx, HostStatus.UNKNOWN)));
    }

    /** The routers of configure-options, chosen as its local_parts options choose them. */
    private static Router optionsRouter(String localPart) {
        return switch (localPart) {
            case "a" -> DnslookupRouterTest.router("check_srv", "smtp");
            case "mxd" -> DnslookupRouterTest.router("mx_domains", "*.test");
            case "fdd" -> DnslookupRouterTest.router("fail_defer_domains", "*.test");
            case "sec" -> DnslookupRouterTest.router("check_secondary_mx", "true");
            case "widen" -> DnslookupRouterTest.router("qualify_single", "false", "widen_domains", "nope.example : test");
            default -> throw new AssertionError("no router for " + localPart);
        };
    }

    @Test
    void theDefaultRouterFailsAndDefersAsEximDid() throws IOException {
        List<String> lines = notRouted("bt-plain.txt");
        assertEquals(5, lines.size());
        for (String line : lines) {
            assertEquals(line, replay(line, lp -> DnslookupRouterTest.router()));
        }
    }

    @Test
    void routersWithOptionsFailAndDeferAsEximDid() throws IOException {
        List<String> lines = notRouted("bt-options.txt");
        assertEquals(7, lines.size());
        for (String line : lines) {
            assertEquals(line, replay(line, EximBtTest::optionsRouter));
        }
    }

    private static String replay(String line, java.util.function.Function<String, Router> routers) {
        Matcher m = NOT_ROUTED.matcher(line);
        assertTrue(m.matches(), line);
        Address address = Address.of(m.group(1), m.group(2));
        RouterResult result = routers.apply(m.group(1)).route(address, dnsmasq());
        String outcome;
        if (result instanceof RouterResult.Decline d) {
            outcome = "is undeliverable: " + d.reason().orElse("Unrouteable address");
        } else if (result instanceof RouterResult.Defer d) {
            outcome = "cannot be resolved at this time: " + d.message();
        } else {
            outcome = result.toString();
        }
        return address.text() + " " + outcome;
    }

    private static List<String> notRouted(String file) throws IOException {
        try (InputStream in = EximBtTest.class.getResourceAsStream("/exim-bt/" + file)) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (NOT_ROUTED.matcher(line).matches()) {
                    lines.add(line);
                }
            }
            return lines;
        }
    }
}
