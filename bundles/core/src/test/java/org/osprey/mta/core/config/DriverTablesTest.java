package org.osprey.mta.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;

/** DriverTables over a registry answers from the drivers present. */
class DriverTablesTest {
    static final OptionTable TABLE = OptionTable.of(Option.string("route_list"));

    static final class ListRouterDriver implements RouterDriver {
        @Override
        public OptionTable options() {
            return TABLE;
        }

        @Override
        public Router create(DriverConfig config) {
            return (address, context) -> RouterResult.decline();
        }
    }

    @Test
    void theRegistrysDriversGiveTheirTables() {
        DriverRegistry registry = new DriverRegistry();
        registry.add(new DriverService(DriverKind.ROUTER, "listroute", new ListRouterDriver(), 0, 1, "test"));
        DriverTables tables = DriverTables.of(registry);
        assertEquals(Optional.of(TABLE), tables.privateOptions(DriverKind.ROUTER, "listroute"));
        assertTrue(tables.privateOptions(DriverKind.ROUTER, "accept").isEmpty());
        assertTrue(tables.privateOptions(DriverKind.TRANSPORT, "listroute").isEmpty());
        assertEquals(Set.of("listroute"), tables.driverNames(DriverKind.ROUTER));
        assertEquals(List.of(), List.copyOf(tables.driverNames(DriverKind.TRANSPORT)));
    }
}
