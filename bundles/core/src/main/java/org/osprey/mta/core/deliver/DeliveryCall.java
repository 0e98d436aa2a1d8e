package org.osprey.mta.core.deliver;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.MessageSubmitter;
import org.osprey.mta.kernel.transport.TransportHints;

/**
 * One call of a transport, as the kernel's {@link Delivery} describes it.
 *
 * @param finder the engine's host finder for the hosts a transport names itself, or null
 * @param fallbackHosts the router's fallback_hosts, not looked up
 */
record DeliveryCall(Message message, List<Address> addresses, List<Host> hosts, String transportName,
        Expander expander, ListMatcher lists, MessageSubmitter submitter, TransportHints hints,
        Consumer<String> mainLog, HostFinder finder, List<Host> fallbackHosts) implements Delivery {
    DeliveryCall {
        addresses = List.copyOf(addresses);
        hosts = List.copyOf(hosts);
        fallbackHosts = List.copyOf(fallbackHosts);
    }

    @Override
    public Optional<HostFinder> hostFinder() {
        return Optional.ofNullable(finder);
    }

    @Override
    public void log(String text) {
        mainLog.accept(text);
    }
}
