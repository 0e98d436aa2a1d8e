package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The option tables: Exim 4.96's options, sorted, with their defaults and flags. */
class OptionTablesTest {
    @Test
    void theMainTableHasEveryOptionOfTheReferenceBuild() {
        List<ConfigOption<?>> options = MainOptions.TABLE.options();
        assertEquals(251, options.size());
        assertEquals(247, options.stream().filter(o -> !o.isHidden()).count());
        for (String name : MainOptions.NOT_IN_REFERENCE_BUILD) {
            assertFalse(MainOptions.TABLE.find(name).isPresent(), name);
        }
    }

    @Test
    void genericTablesHaveEximsOptions() {
        assertEquals(49, RouterOptions.TABLE.options().size());
        assertEquals(26, TransportOptions.TABLE.options().size());
        assertEquals(9, AuthenticatorOptions.TABLE.options().size());
    }

    @Test
    void defaultsAndFlags() {
        assertEquals(Duration.ofMinutes(5), MainOptions.SMTP_RECEIVE_TIMEOUT.defaultValue().time());
        assertEquals(100 * 1024, MainOptions.BOUNCE_RETURN_SIZE_LIMIT.defaultValue());
        assertEquals(10L * 1024, MainOptions.CHECK_SPOOL_SPACE.defaultValue());
        assertTrue(MainOptions.ACL_SMTP_RCPT.isExpanded());
        assertFalse(MainOptions.QUALIFY_DOMAIN.isExpanded());
        assertTrue(MainOptions.DAEMON_SMTP_PORT.isHidden());
        assertTrue(RouterOptions.VERIFY.isBoolean());
        assertTrue(MainOptions.RECEIVED_HEADER_TEXT.defaultValue().contains("\n\t"));
    }

    @Test
    void builtinMacrosIncludeOptionsAndDrivers() {
        List<String> names = BuiltinMacros.of(new CorpusDrivers()).stream().map(Macro::name).toList();
        assertTrue(names.contains("_OPT_MAIN_DAEMON_SMTP_PORT"));
        assertTrue(names.contains("_OPT_ROUTERS_VERIFY"));
        assertTrue(names.contains("_DRIVER_ROUTER_ACCEPT"));
        assertTrue(names.contains("_OPT_AUTHENTICATOR_PLAINTEXT_SERVER_PROMPTS"));
        assertTrue(names.contains("_HAVE_TLS"));
        assertTrue(names.indexOf("_OPT_MAIN_WRITE_REJECTLOG") < names.indexOf("_OPT_MAIN_ACCEPT_8BITMIME"));
        assertTrue(BuiltinMacros.logSelectorNames().contains("tls_sni"));
    }
}
