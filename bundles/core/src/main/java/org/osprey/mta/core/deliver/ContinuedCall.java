package org.osprey.mta.core.deliver;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.osprey.mta.core.registry.ConfiguredTransport;
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
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.MessageSubmitter;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportHints;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * A waiting message's call, handed to a transport that holds a connection open (see
 * {@link ConnectionReuse}): the call as a normal delivery of that message would make it,
 * and the one completion that records the result and ends that message's delivery
 * attempt. Every method of {@link Delivery} is passed on, so that the transport sees
 * exactly what a call of its own would show it.
 */
final class ContinuedCall implements ContinuedDelivery {
    private final DeliveryCall call;
    private final Consumer<TransportResult> completion;
    private final AtomicBoolean completed = new AtomicBoolean();

    ContinuedCall(DeliveryCall call, Consumer<TransportResult> completion) {
        this.call = call;
        this.completion = completion;
    }

    @Override
    public void complete(TransportResult result) {
        if (!completed.compareAndSet(false, true)) {
            throw new IllegalStateException("continued delivery of " + call.message().id() + " completed twice");
        }
        completion.accept(ConfiguredTransport.withEveryAddress(call.transportName(), call.addresses(), result));
    }

    /**
     * Completes, with every address deferred, a delivery the transport took but did not
     * complete: so that the message's lock is never left held.
     */
    void abandon() {
        if (completed.get()) {
            return;
        }
        TransportResult.Builder b = TransportResult.builder();
        for (Address a : call.addresses()) {
            b.outcome(a, new Outcome.Deferred("R:" + a.text(), call.transportName()
                    + " transport did not complete a continued delivery", ErrorClass.OTHER, 0));
        }
        if (completed.compareAndSet(false, true)) {
            completion.accept(b.build());
        }
    }

    @Override
    public Message message() {
        return call.message();
    }

    @Override
    public List<Address> addresses() {
        return call.addresses();
    }

    @Override
    public List<Host> hosts() {
        return call.hosts();
    }

    @Override
    public String transportName() {
        return call.transportName();
    }

    @Override
    public Expander expander() {
        return call.expander();
    }

    @Override
    public ListMatcher lists() {
        return call.lists();
    }

    @Override
    public MessageSubmitter submitter() {
        return call.submitter();
    }

    @Override
    public Optional<Credentials> credentials() {
        return call.credentials();
    }

    @Override
    public Optional<String> homeDirectory() {
        return call.homeDirectory();
    }

    @Override
    public Optional<String> currentDirectory() {
        return call.currentDirectory();
    }

    @Override
    public TransportHints hints() {
        return call.hints();
    }

    @Override
    public void log(String text) {
        call.log(text);
    }

    @Override
    public List<ClientAuthenticator> authenticators() {
        return call.authenticators();
    }

    @Override
    public Optional<HostFinder> hostFinder() {
        return call.hostFinder();
    }

    @Override
    public List<Host> fallbackHosts() {
        return call.fallbackHosts();
    }

    @Override
    public Optional<ContinuedDelivery> nextFor(Host host) {
        return call.nextFor(host);
    }

    @Override
    public Optional<String> mainOption(String name) {
        return call.mainOption(name);
    }
}
