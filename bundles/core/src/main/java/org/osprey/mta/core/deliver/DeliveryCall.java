package org.osprey.mta.core.deliver;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.osprey.mta.kernel.auth.ClientAuthenticator;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.transport.ContinuedDelivery;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.MessageSubmitter;
import org.osprey.mta.kernel.transport.TransportHints;

/**
 * One call of a transport, as the kernel's {@link Delivery} describes it.
 *
 * @param finder the engine's host finder for the hosts a transport names itself, or null
 * @param fallbackHosts the router's fallback_hosts, not looked up
 * @param authenticators the authenticators with a client side
 * @param credentials the user and groups the delivery runs as (see {@link DeliverySetup})
 * @param homeDirectory {@code $home} of a local delivery
 * @param currentDirectory the working directory of a local delivery
 * @param mainOptions the main options by name, as {@link Delivery#mainOption} gives them
 */
record DeliveryCall(Message message, List<Address> addresses, List<Host> hosts, String transportName,
        Expander expander, ListMatcher lists, MessageSubmitter submitter, TransportHints hints,
        Consumer<String> mainLog, HostFinder finder, List<Host> fallbackHosts,
        List<ClientAuthenticator> authenticators, ConnectionReuse reuse, Optional<Credentials> credentials,
        Optional<String> homeDirectory, Optional<String> currentDirectory,
        Function<String, Optional<String>> mainOptions) implements Delivery {
    DeliveryCall {
        addresses = List.copyOf(addresses);
        hosts = List.copyOf(hosts);
        fallbackHosts = List.copyOf(fallbackHosts);
        authenticators = List.copyOf(authenticators);
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(homeDirectory, "homeDirectory");
        Objects.requireNonNull(currentDirectory, "currentDirectory");
    }

    @Override
    public Optional<HostFinder> hostFinder() {
        return Optional.ofNullable(finder);
    }

    @Override
    public void log(String text) {
        mainLog.accept(text);
    }

    @Override
    public Optional<ContinuedDelivery> nextFor(Host host) {
        return reuse.nextFor(host);
    }

    @Override
    public Optional<String> mainOption(String name) {
        return mainOptions.apply(name);
    }
}
