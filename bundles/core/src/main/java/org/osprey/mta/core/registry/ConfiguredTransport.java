package org.osprey.mta.core.registry;

import java.util.List;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;
import org.osprey.mta.kernel.transport.Delivery;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * A transport instance of the configuration, as delivery uses it. Whatever happens to the
 * driver, every address of the batch gets an outcome: an absent driver, an exception or an
 * address the driver forgot all mean "deferred", as Exim's transports start from DEFER so
 * that a crash never deletes a message.
 */
public final class ConfiguredTransport {
    private final Binding<Transport> binding;

    ConfiguredTransport(Binding<Transport> binding) {
        this.binding = binding;
    }

    public Binding<Transport> binding() {
        return binding;
    }

    public String name() {
        return binding.name();
    }

    /** Whether the bound driver is local; false while unbound (local or not is unknown then, and nothing is delivered). */
    public boolean isLocal() {
        return binding.driver().map(d -> ((TransportDriver) d.driver()).isLocal()).orElse(false);
    }

    /** Delivers through the bound driver; the result has an outcome for every address of the batch. */
    public TransportResult deliver(Delivery delivery) {
        Transport transport = binding.instance().orElse(null);
        if (transport == null) {
            return deferAll(delivery.addresses(), name() + " transport: " + binding.unavailableReason());
        }
        TransportResult result;
        try {
            result = transport.deliver(delivery);
        } catch (RuntimeException | LinkageError e) {
            return deferAll(delivery.addresses(), name() + " transport: driver failed: " + e);
        }
        return withEveryAddress(name(), delivery.addresses(), result);
    }

    /**
     * A driver's result with an outcome for every address of the batch: those it left out
     * are deferred; no result at all defers them all. Also for what a transport reports on a
     * continued delivery, which does not come back through {@link #deliver}.
     */
    public static TransportResult withEveryAddress(String transport, List<Address> addresses, TransportResult result) {
        if (result == null) {
            return deferAll(addresses, transport + " transport: driver returned no result");
        }
        TransportResult.Builder complete = TransportResult.builder();
        result.hosts().forEach(complete::host);
        result.clientAuthenticator().ifPresent(complete::clientAuthenticator);
        for (Address address : addresses) {
            complete.outcome(address, result.outcome(address).orElseGet(() ->
                    deferral(address, transport + " transport: driver gave no result for " + address)));
            result.returnedText(address).ifPresent(text -> complete.returnedText(address, text));
            result.userMessage(address).ifPresent(text -> complete.userMessage(address, text));
            result.flags(address).forEach(flag -> complete.flag(address, flag));
        }
        result.freezeReason().ifPresent(complete::freeze);
        return complete.build();
    }

    private static TransportResult deferAll(List<Address> addresses, String message) {
        TransportResult.Builder builder = TransportResult.builder();
        addresses.forEach(a -> builder.outcome(a, deferral(a, message)));
        return builder.build();
    }

    private static Outcome deferral(Address address, String message) {
        return new Outcome.Deferred("R:" + address.text(), message, ErrorClass.OTHER, 0);
    }

    @Override
    public String toString() {
        return binding.toString();
    }
}
