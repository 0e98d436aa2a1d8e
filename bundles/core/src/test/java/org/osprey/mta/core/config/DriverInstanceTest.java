package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.InstanceDefinition;
import org.osprey.mta.core.registry.OptionSetting;

/** Driver instances: generic options typed, private options checked and kept as text for the registry. */
class DriverInstanceTest {
    @TempDir
    Path dir;

    static final String CONFIG = "begin routers\n"
            + "r1:\n  driver = redirect\n  domains = a.example\n  hide data = \"secret\\tvalue\"\n  allow_fail\n"
            + "  no_allow_defer\n"
            + "begin transports\n"
            + "t1:\n  driver = smtp\n  hosts_randomize = yes\n  port = 2525\n"
            + "begin authenticators\n"
            + "a1:\n  driver = plaintext\n  server_condition = yes\n";

    @Test
    void theRegistryGetsTheInstancesWithTheirPrivateOptionsAsText() throws Exception {
        Configuration c = new Configs(dir).load(CONFIG);
        String file = dir.resolve("configure").toString();
        assertEquals(List.of(
                new InstanceDefinition(DriverKind.ROUTER, "r1", "redirect", List.of(
                        new OptionSetting("data", "secret\tvalue", "line 5 of " + file),
                        new OptionSetting("allow_fail", "true", "line 6 of " + file),
                        new OptionSetting("allow_defer", "false", "line 7 of " + file))),
                new InstanceDefinition(DriverKind.TRANSPORT, "t1", "smtp", List.of(
                        new OptionSetting("hosts_randomize", "true", "line 11 of " + file),
                        new OptionSetting("port", "2525", "line 12 of " + file))),
                new InstanceDefinition(DriverKind.AUTHENTICATOR, "a1", "plaintext", List.of())),
                c.toInstanceDefinitions());
    }

    @Test
    void genericOptionsAreTypedAndDriverDefaultsApplied() throws Exception {
        Configuration c = new Configs(dir).load(CONFIG);
        DriverInstance r1 = c.router("r1").orElseThrow();
        assertEquals("a.example", r1.generic().get(RouterOptions.DOMAINS));
        assertEquals(Boolean.FALSE, r1.generic().get(RouterOptions.LOG_AS_LOCAL));
        assertEquals(Boolean.FALSE, r1.generic().get(RouterOptions.RETRY_USE_LOCAL_PART));
        assertEquals(Boolean.FALSE, c.transport("t1").orElseThrow().generic().get(TransportOptions.RETRY_USE_LOCAL_PART));
        assertEquals("a1", c.authenticator("a1").orElseThrow().generic().get(AuthenticatorOptions.PUBLIC_NAME));
    }

    @Test
    void privateOptionsArePrintedFromTheDriversTableAndHiddenOnesOnlyToAnAdministrator() throws Exception {
        Configuration c = new Configs(dir).load(CONFIG);
        String admin = Configs.print(c, true, "router", "r1");
        assertTrue(admin.endsWith("no_allow_defer\nallow_fail\ndata = secret\\tvalue\nfile = \n"), admin);
        String user = Configs.print(c, false, "router", "r1");
        assertTrue(user.contains("\ndata = <value not displayable>\n"), user);
        String transport = Configs.print(c, true, "transport", "t1");
        assertTrue(transport.endsWith("hosts = \nhosts_randomize\nport = 2525\n"), transport);
    }

    @Test
    void aPrivateValueIsCheckedAgainstTheKernelType() {
        ConfigException e = new Configs(dir).error("begin transports\nt1:\n  driver = appendfile\n  mode = rw\n");
        assertEquals("octal integer expected for mode", e.getMessage());
    }

    /** Exim 4.96's -bP router r1 prints "self = example.test" for both settings. */
    @Test
    void selfRerouteKeepsTheDomainAndRemembersRewrite() throws Exception {
        for (String value : List.of("reroute:example.test", "reroute: rewrite:  example.test")) {
            Configuration c = new Configs(dir).load("begin routers\nr1:\n  driver = redirect\n  self = " + value + "\n");
            DriverInstance r1 = c.router("r1").orElseThrow();
            assertEquals("example.test", r1.generic().get(RouterOptions.SELF));
            assertEquals(value.contains("rewrite"), r1.selfRewrite(), value);
            assertTrue(Configs.print(c, true, "router", "r1").contains("\nself = example.test\n"), value);
        }
    }
}
