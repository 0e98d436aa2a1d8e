package org.osprey.mta.router.accept;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;

class AcceptRouterDriverTest {
    final AcceptRouterDriver driver = new AcceptRouterDriver();

    @Test
    void acceptsForTheConfiguredTransportWithNoHostsOfItsOwn() {
        var router = driver.create(new DriverConfig("localuser", OptionValues.builder(driver.options()).build()));
        RouterResult.Accept accept = assertInstanceOf(RouterResult.Accept.class,
                router.route(Address.of("user", "example.com"), null));
        assertTrue(accept.transportOverride().isEmpty(), "the generic transport option decides");
        assertTrue(accept.hosts().isEmpty());
    }

    @Test
    void hasNoPrivateOptions() {
        assertTrue(driver.options().options().isEmpty());
    }

    @Test
    void isNamedForBothTheServiceRegistryAndTheLauncher() throws IOException {
        MtaDriver names = AcceptRouterDriver.class.getAnnotation(MtaDriver.class);
        assertEquals("router", names.kind());
        assertEquals("accept", names.name());
        try (InputStream in = getClass().getResourceAsStream(
                "/META-INF/services/" + RouterDriver.class.getName())) {
            assertEquals(AcceptRouterDriver.class.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }
}
