package org.osprey.mta.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.core.registry.TestDrivers.service;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.mta.core.registry.TestDrivers.LabelRouterDriver;
import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.acl.ConditionResult;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

class DriverRegistryTest {
    static final Address ADDRESS = Address.of("user", "example.com");
    static final RoutingContext CONTEXT = new RoutingContext() {
        @Override
        public Expander expander() {
            throw new AssertionError("not used by these routers");
        }

        @Override
        public ListMatcher lists() {
            throw new AssertionError("not used by these routers");
        }

        @Override
        public String routerName() {
            return "r1";
        }

        @Override
        public Purpose purpose() {
            return Purpose.DELIVERY;
        }

        @Override
        public HostFinder hosts() {
            throw new AssertionError("not used by these routers");
        }

        @Override
        public RouterResult selfReference(Address address, List<Host> hosts, String reason) {
            throw new AssertionError("not used by these routers");
        }

        @Override
        public RouterResult changeDomain(Address address, String domain, boolean rewriteHeaders) {
            throw new AssertionError("not used by these routers");
        }
    };

    final DriverRegistry registry = new DriverRegistry();
    final List<DriverEvent> events = new ArrayList<>();
    final List<String> logged = new ArrayList<>();
    final Logger julLogger = Logger.getLogger("org.osprey.mta.core.registry");
    final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        registry.addListener(events::add);
        registry.addListener(new DriverEventLog());
        julLogger.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        julLogger.removeHandler(handler);
    }

    static InstanceDefinition router(String name, String driver, OptionSetting... options) {
        return new InstanceDefinition(DriverKind.ROUTER, name, driver, List.of(options));
    }

    String routedHost() {
        RouterResult result = registry.router("r1").orElseThrow().route(ADDRESS, CONTEXT);
        return assertInstanceOf(RouterResult.Accept.class, result).hosts().get(0).name();
    }

    @Test
    void anInstanceWithoutItsDriverDefersAndComesBackWithIt() {
        registry.configure(List.of(router("r1", "label")));
        ConfiguredRouter r1 = registry.router("r1").orElseThrow();
        assertFalse(r1.binding().isAvailable());
        RouterResult.Defer defer = assertInstanceOf(RouterResult.Defer.class, r1.route(ADDRESS, CONTEXT));
        assertEquals("router r1: driver \"label\" is not present", defer.message());

        registry.add(service(DriverKind.ROUTER, "label", new LabelRouterDriver("one"), 0, 1));
        assertTrue(r1.binding().isAvailable());
        assertEquals("one", routedHost());

        registry.remove(DriverKind.ROUTER, 1);
        assertFalse(r1.binding().isAvailable());
        assertInstanceOf(RouterResult.Defer.class, r1.route(ADDRESS, CONTEXT));

        assertEquals(List.of(DriverEvent.Type.DRIVER_ADDED, DriverEvent.Type.INSTANCE_AVAILABLE,
                DriverEvent.Type.DRIVER_REMOVED, DriverEvent.Type.INSTANCE_UNAVAILABLE),
                events.stream().map(DriverEvent::type).toList());
        assertEquals(events.stream().map(DriverEvent::detail).toList(), logged, "every change is logged");
        assertTrue(logged.get(3).startsWith("router r1: unavailable, driver \"label\" is not present"), logged.get(3));
    }

    @Test
    void aReplacementDriverMakesANewInstanceFromTheSameDefinition() {
        LabelRouterDriver first = new LabelRouterDriver("first");
        registry.add(service(DriverKind.ROUTER, "label", first, 0, 1));
        registry.configure(List.of(router("r1", "label")));
        assertEquals("first", routedHost());

        // An update: the old service goes, a new one with a new id comes.
        registry.remove(DriverKind.ROUTER, 1);
        LabelRouterDriver second = new LabelRouterDriver("second");
        registry.add(service(DriverKind.ROUTER, "label", second, 0, 2));
        assertEquals("second", routedHost());
        assertEquals(1, second.created.get());
    }

    @Test
    void theHighestRankingDriverWinsThenTheOldest() {
        registry.configure(List.of(router("r1", "label")));
        registry.add(service(DriverKind.ROUTER, "label", new LabelRouterDriver("old"), 0, 1));
        registry.add(service(DriverKind.ROUTER, "label", new LabelRouterDriver("young"), 0, 2));
        assertEquals("old", routedHost());

        registry.add(service(DriverKind.ROUTER, "label", new LabelRouterDriver("ranked"), 10, 3));
        assertEquals("ranked", routedHost());
        assertEquals("ranked", ((LabelRouterDriver) registry.drivers(DriverKind.ROUTER).get(0).driver()).label);

        registry.remove(DriverKind.ROUTER, 3);
        assertEquals("old", routedHost(), "back to the next best, never unavailable in between");
        assertTrue(events.stream().noneMatch(e -> e.type() == DriverEvent.Type.INSTANCE_UNAVAILABLE));
    }

    @Test
    void aPropertyChangeRebindsWithoutAGap() {
        LabelRouterDriver driver = new LabelRouterDriver("x");
        registry.add(service(DriverKind.ROUTER, "label", driver, 0, 1));
        registry.add(service(DriverKind.ROUTER, "label", new LabelRouterDriver("other"), 5, 2));
        registry.configure(List.of(router("r1", "label")));
        assertEquals("other", routedHost());

        registry.update(service(DriverKind.ROUTER, "label", driver, 10, 1));
        assertEquals("x", routedHost(), "the re-ranked service wins at once");
        assertEquals(2, registry.drivers(DriverKind.ROUTER).size() + 1, "one name, one entry");
        assertTrue(events.stream().noneMatch(e -> e.type() == DriverEvent.Type.INSTANCE_UNAVAILABLE));
        assertTrue(events.stream().anyMatch(e -> e.type() == DriverEvent.Type.DRIVER_UPDATED));
    }

    @Test
    void privateOptionsAreCheckedAgainstTheDriversTable() {
        registry.add(service(DriverKind.ROUTER, "label", new LabelRouterDriver("x"), 0, 1));
        registry.configure(List.of(
                router("r1", "label", new OptionSetting("host", "mx.example", "line 3 of configure")),
                router("r2", "label", new OptionSetting("bogus", "1", "line 7 of configure")),
                router("r3", "label", new OptionSetting("refuse", "true", ""))));
        assertEquals("mx.example", routedHost());

        Binding<?> r2 = registry.router("r2").orElseThrow().binding();
        assertFalse(r2.isAvailable());
        assertTrue(r2.unavailableReason().endsWith(
                "refused the configuration: option \"bogus\" unknown (line 7 of configure)"), r2.unavailableReason());

        Binding<?> r3 = registry.router("r3").orElseThrow().binding();
        assertTrue(r3.unavailableReason().endsWith("refused the configuration: refuse is set"), r3.unavailableReason());
    }

    @Test
    void aDriverThatThrowsDefersTheAddress() {
        RouterDriver broken = new RouterDriver() {
            @Override
            public OptionTable options() {
                return OptionTable.empty();
            }

            @Override
            public Router create(DriverConfig config) {
                return (address, context) -> {
                    throw new IllegalStateException("bug");
                };
            }
        };
        registry.add(service(DriverKind.ROUTER, "broken", broken, 0, 1));
        registry.configure(List.of(router("r1", "broken")));
        RouterResult result = registry.router("r1").orElseThrow().route(ADDRESS, CONTEXT);
        assertTrue(assertInstanceOf(RouterResult.Defer.class, result).message().contains("bug"));
    }

    @Test
    void aReloadReplacesTheInstances() {
        registry.add(service(DriverKind.ROUTER, "label", new LabelRouterDriver("x"), 0, 1));
        registry.configure(List.of(router("r1", "label"), router("r2", "label")));
        assertEquals(List.of("r1", "r2"), registry.routers().stream().map(ConfiguredRouter::name).toList());
        registry.configure(List.of(router("r2", "label")));
        assertTrue(registry.router("r1").isEmpty());
        assertEquals(1, registry.bindings().size());
    }

    @Test
    void lookupsAndConditionsAreFoundByName() {
        ConditionDriver always = (argument, context) -> ConditionResult.ok();
        registry.add(service(DriverKind.CONDITION, "always", always, 0, 1));
        assertEquals(always, registry.condition("always").orElseThrow());
        assertTrue(registry.lookup("always").isEmpty());
        registry.remove(DriverKind.CONDITION, 1);
        assertTrue(registry.condition("always").isEmpty());
    }

    @Test
    void aServiceOfTheWrongInterfaceIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> service(DriverKind.TRANSPORT, "label", new LabelRouterDriver("x"), 0, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new InstanceDefinition(DriverKind.LOOKUP, "l", "lsearch", List.of()));
    }

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        List<DriverEvent> seen = new ArrayList<>();
        registry.addListener(e -> {
            throw new IllegalStateException("listener bug");
        });
        registry.addListener(seen::add);
        registry.add(service(DriverKind.CONDITION, "c", (ConditionDriver) (a, c) -> ConditionResult.fail(), 0, 1));
        assertEquals(1, seen.size());
    }
}
