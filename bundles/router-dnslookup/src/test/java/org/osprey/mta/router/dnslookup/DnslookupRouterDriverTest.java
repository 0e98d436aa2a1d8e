package org.osprey.mta.router.dnslookup;

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
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.router.RouterDriver;

class DnslookupRouterDriverTest {
    final DnslookupRouterDriver driver = new DnslookupRouterDriver();

    @Test
    void hasExim496sPrivateOptions() {
        // routers/dnslookup.c's option table, in its order.
        assertEquals(List.of("check_secondary_mx", "check_srv", "fail_defer_domains", "ipv4_only", "ipv4_prefer",
                "mx_domains", "mx_fail_domains", "qualify_single", "rewrite_headers", "same_domain_copy_routing",
                "search_parents", "srv_fail_domains", "widen_domains"),
                driver.options().options().stream().map(Option::name).toList());
    }

    @Test
    void hasExim496sDefaults() {
        for (Option<?> option : driver.options().options()) {
            Object expected = switch (option.name()) {
                case "qualify_single", "rewrite_headers" -> Boolean.TRUE;
                case "check_secondary_mx", "same_domain_copy_routing", "search_parents" -> Boolean.FALSE;
                default -> null;
            };
            assertEquals(expected, option.defaultValue(), option.name());
        }
    }

    @Test
    void expandsWhatExim496Expands() {
        for (Option<?> option : driver.options().options()) {
            boolean expanded = List.of("check_srv", "ipv4_only", "ipv4_prefer").contains(option.name());
            assertEquals(expanded, option.isExpanded(), option.name());
        }
        assertEquals(OptionType.DOMAIN_LIST, driver.options().find("mx_domains").get().type());
        assertEquals(OptionType.STRING_LIST, driver.options().find("widen_domains").get().type());
        assertFalse(driver.options().find("dnssec_request_domains").isPresent(), "a generic option in 4.96");
        assertNull(DnslookupOptions.CHECK_SRV.defaultValue());
    }

    @Test
    void isNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = DnslookupRouterDriver.class.getAnnotation(MtaDriver.class);
        assertEquals("router", names.kind());
        assertEquals("dnslookup", names.name());
        try (InputStream in = getClass().getResourceAsStream("/META-INF/services/" + RouterDriver.class.getName())) {
            assertEquals(DnslookupRouterDriver.class.getName(),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
        assertTrue(driver.create(new org.osprey.mta.kernel.driver.DriverConfig("d",
                org.osprey.mta.kernel.option.OptionValues.builder(driver.options()).build())) instanceof DnslookupRouter);
    }
}
