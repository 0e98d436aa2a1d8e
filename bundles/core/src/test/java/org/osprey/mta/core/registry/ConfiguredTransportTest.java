package org.osprey.mta.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.core.registry.TestDrivers.service;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;
import org.osprey.mta.kernel.transport.TransportResult;

class ConfiguredTransportTest {
    static final Address A = Address.of("a", "example.com");
    static final Address B = Address.of("b", "example.com");

    static Delivery batch(Address... addresses) {
        return new Delivery() {
            @Override
            public Message message() {
                throw new AssertionError("not used");
            }

            @Override
            public List<Address> addresses() {
                return List.of(addresses);
            }

            @Override
            public List<Host> hosts() {
                return List.of();
            }

            @Override
            public String transportName() {
                return "t1";
            }

            @Override
            public Expander expander() {
                throw new AssertionError("not used");
            }

            @Override
            public ListMatcher lists() {
                throw new AssertionError("not used");
            }
        };
    }

    static TransportDriver driver(boolean local, Transport transport) {
        return new TransportDriver() {
            @Override
            public boolean isLocal() {
                return local;
            }

            @Override
            public OptionTable options() {
                return OptionTable.empty();
            }

            @Override
            public Transport create(DriverConfig config) {
                return transport;
            }
        };
    }

    final DriverRegistry registry = new DriverRegistry();

    ConfiguredTransport t1() {
        registry.configure(List.of(new InstanceDefinition(DriverKind.TRANSPORT, "t1", "test", List.of())));
        return registry.transport("t1").orElseThrow();
    }

    @Test
    void withoutItsDriverEveryAddressIsDeferred() {
        ConfiguredTransport t1 = t1();
        TransportResult result = t1.deliver(batch(A, B));
        for (Address address : List.of(A, B)) {
            Outcome.Deferred deferred = assertInstanceOf(Outcome.Deferred.class, result.outcome(address).orElseThrow());
            assertEquals("t1 transport: driver \"test\" is not present", deferred.message());
            assertEquals("R:" + address.text(), deferred.retryKey());
        }
        assertFalse(t1.isLocal());
    }

    @Test
    void anAddressTheDriverForgotIsDeferredNotDelivered() {
        registry.add(service(DriverKind.TRANSPORT, "test",
                driver(true, d -> TransportResult.builder().outcome(A, new Outcome.Delivered("")).build()), 0, 1));
        ConfiguredTransport t1 = t1();
        assertTrue(t1.isLocal());
        TransportResult result = t1.deliver(batch(A, B));
        assertInstanceOf(Outcome.Delivered.class, result.outcome(A).orElseThrow());
        assertTrue(assertInstanceOf(Outcome.Deferred.class, result.outcome(B).orElseThrow()).message()
                .contains("driver gave no result for b@example.com"));
    }

    @Test
    void anExceptionDefersTheWholeBatch() {
        registry.add(service(DriverKind.TRANSPORT, "test", driver(false, d -> {
            throw new NoClassDefFoundError("org/example/Gone");
        }), 0, 1));
        TransportResult result = t1().deliver(batch(A, B));
        assertEquals(2, result.outcomes().size());
        result.outcomes().values().forEach(o -> assertInstanceOf(Outcome.Deferred.class, o));
    }

    @Test
    void aFailedAddressStaysFailed() {
        registry.add(service(DriverKind.TRANSPORT, "test",
                driver(false, d -> TransportResult.all(d.addresses(), new Outcome.Failed("550 no such user"))), 0, 1));
        TransportResult result = t1().deliver(batch(A));
        assertEquals("550 no such user", assertInstanceOf(Outcome.Failed.class, result.outcome(A).orElseThrow()).message());
    }
}
