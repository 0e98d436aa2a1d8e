package org.osprey.mta.transport.smtp;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.TransportHints;

/** A delivery with what the host loop takes from the engine: a host finder, fallback hosts and hints. */
record HostsDelivery(Message message, List<Address> addresses, List<Host> hosts, List<Host> fallbackHosts,
        HostFinder finder, TransportHints hints) implements Delivery {

    static HostsDelivery of(List<Host> hosts, Address... to) {
        return new HostsDelivery(TestMessage.of("x\n"), List.of(to), hosts, List.of(), null, TransportHints.NONE);
    }

    HostsDelivery withFallback(List<Host> fallback) {
        return new HostsDelivery(message, addresses, hosts, fallback, finder, hints);
    }

    HostsDelivery withFinder(HostFinder f) {
        return new HostsDelivery(message, addresses, hosts, fallbackHosts, f, hints);
    }

    HostsDelivery withHints(TransportHints h) {
        return new HostsDelivery(message, addresses, hosts, fallbackHosts, finder, h);
    }

    @Override
    public Optional<HostFinder> hostFinder() {
        return Optional.ofNullable(finder);
    }

    @Override
    public String transportName() {
        return "remote_smtp";
    }

    @Override
    public Expander expander() {
        return new TestExpander(new HashMap<>(Map.of("primary_hostname", "client.example")));
    }

    @Override
    public ListMatcher lists() {
        return new TestDelivery(message, addresses, hosts, expander()).lists();
    }
}
