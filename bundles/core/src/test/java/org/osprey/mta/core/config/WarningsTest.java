package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.registry.DriverKind;

/** Options Osprey knows but does not act on yet are accepted and reported once each. */
class WarningsTest {
    @TempDir
    Path dir;

    @Test
    void eachOptionNotYetSupportedWarnsOnceAtItsFirstSetting() throws Exception {
        Configuration c = new Configs(dir).load("print_topbitchars\nhold_domains = a\nbegin routers\n"
                + "r1:\n  driver = accept\n  domains = a\n  disable_logging\n  dsn_lasthop\n  verify_only\n"
                + "r2:\n  driver = accept\n  domains = b\n  disable_logging\n  verify_only\n");
        String file = dir.resolve("configure").toString();
        assertEquals(List.of(
                new ConfigWarning("main", "hold_domains", new Location(file, 2)),
                new ConfigWarning("router", "disable_logging", new Location(file, 7)),
                new ConfigWarning("router", "dsn_lasthop", new Location(file, 8))), c.warnings());
        assertEquals("main option \"hold_domains\" is not supported yet and has no effect (line 2 of " + file + ")",
                c.warnings().get(0).message());
    }

    @Test
    void theTableNamesOnlyKnownOptions() {
        assertNamesKnown(NotYetSupportedOptions.MAIN, MainOptions.TABLE);
        assertNamesKnown(NotYetSupportedOptions.ROUTERS, RouterOptions.TABLE);
        assertNamesKnown(NotYetSupportedOptions.TRANSPORTS, TransportOptions.TABLE);
        assertNamesKnown(NotYetSupportedOptions.AUTHENTICATORS, AuthenticatorOptions.TABLE);
        assertTrue(NotYetSupportedOptions.generic(DriverKind.ROUTER, "dsn_lasthop"));
        assertTrue(!NotYetSupportedOptions.generic(DriverKind.ROUTER, "initgroups"));
        assertTrue(!NotYetSupportedOptions.generic(DriverKind.ROUTER, "debug_print"));
        assertTrue(!NotYetSupportedOptions.generic(DriverKind.ROUTER, "fallback_hosts"));
        assertTrue(!NotYetSupportedOptions.generic(DriverKind.ROUTER, "domains"));
        assertTrue(!NotYetSupportedOptions.generic(DriverKind.ROUTER, "driver"));
    }

    private static void assertNamesKnown(Set<String> names, ConfigOptionTable table) {
        for (String name : names) {
            assertTrue(table.find(name).isPresent(), name + " is not a " + table.scope() + " option");
        }
    }
}
