package org.osprey.mta.kernel.transport;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.model.Address;

/**
 * The result of one {@link Transport#deliver} call: an outcome for each address of the
 * batch and a record of each host tried. An address with no outcome is deferred by the engine.
 */
public final class TransportResult {
    private final Map<Address, Outcome> outcomes;
    private final List<HostAttempt> hosts;

    private TransportResult(Map<Address, Outcome> outcomes, List<HostAttempt> hosts) {
        this.outcomes = Collections.unmodifiableMap(outcomes);
        this.hosts = List.copyOf(hosts);
    }

    /** The same outcome for every address of the batch: the usual result of a local delivery. */
    public static TransportResult all(List<Address> addresses, Outcome outcome) {
        Builder builder = builder();
        addresses.forEach(a -> builder.outcome(a, outcome));
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<Outcome> outcome(Address address) {
        return Optional.ofNullable(outcomes.get(address));
    }

    /** The outcomes in the order they were reported. */
    public Map<Address, Outcome> outcomes() {
        return outcomes;
    }

    public List<HostAttempt> hosts() {
        return hosts;
    }

    /** Collects outcomes as a transport learns them. Not thread-safe. */
    public static final class Builder {
        private final Map<Address, Outcome> outcomes = new LinkedHashMap<>();
        private final List<HostAttempt> hosts = new java.util.ArrayList<>();

        private Builder() {
        }

        /** Sets (or replaces) the outcome of one address. */
        public Builder outcome(Address address, Outcome outcome) {
            outcomes.put(address, outcome);
            return this;
        }

        public Builder host(HostAttempt attempt) {
            hosts.add(attempt);
            return this;
        }

        public TransportResult build() {
            return new TransportResult(new LinkedHashMap<>(outcomes), hosts);
        }
    }
}
