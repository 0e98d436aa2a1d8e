package org.osprey.mta.kernel.transport;

import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osprey.mta.kernel.model.Address;

/**
 * The result of one {@link Transport#deliver} call: an outcome for each address of the
 * batch and a record of each host tried. An address with no outcome is deferred by the engine.
 */
public final class TransportResult {
    private final Map<Address, Outcome> outcomes;
    private final List<HostAttempt> hosts;
    private final Map<Address, String> returnedText;
    private final String freezeReason;
    private final String clientAuthenticator;
    private final Map<Address, String> userMessages;
    private final Map<Address, Set<DeliveryFlag>> flags;

    private TransportResult(Map<Address, Outcome> outcomes, List<HostAttempt> hosts,
            Map<Address, String> returnedText, String freezeReason, String clientAuthenticator,
            Map<Address, String> userMessages, Map<Address, Set<DeliveryFlag>> flags) {
        this.outcomes = Collections.unmodifiableMap(outcomes);
        this.hosts = List.copyOf(hosts);
        this.returnedText = Collections.unmodifiableMap(returnedText);
        this.freezeReason = freezeReason;
        this.clientAuthenticator = clientAuthenticator;
        this.userMessages = Collections.unmodifiableMap(userMessages);
        this.flags = flags;
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

    /**
     * Text to return to the sender with the bounce for an address that failed, such as a
     * pipe's output under {@code return_output} (Exim's {@code addr->return_file}); empty
     * when there is none (since 1.3).
     */
    public Optional<String> returnedText(Address address) {
        return Optional.ofNullable(returnedText.get(address));
    }

    /**
     * Why the message is to be frozen after this delivery, such as a pipe's command that
     * could not be run under {@code freeze_exec_fail}; empty when it is not (since 1.3).
     */
    public Optional<String> freezeReason() {
        return Optional.ofNullable(freezeReason);
    }

    /**
     * The name (in the configuration) of the client authenticator with which the transport
     * authenticated to the host that took the deliveries, the {@code A=} of Exim's delivery
     * log lines; empty when it did not authenticate (since 1.3).
     */
    public Optional<String> clientAuthenticator() {
        return Optional.ofNullable(clientAuthenticator);
    }

    /**
     * What a bounce or a delay warning says under the address when it failed or was
     * deferred, in place of its outcome's message (which is logged): Exim's
     * {@code addr->user_message}, such as the pipe transport's "local delivery failed",
     * which keeps the command's details from the sender. An empty text means the report
     * shows nothing under the address. Empty when the transport gave none: the report then
     * shows the outcome's message (since 1.3).
     */
    public Optional<String> userMessage(Address address) {
        return Optional.ofNullable(userMessages.get(address));
    }

    /**
     * How the address went to its host, for its log line (Exim's address flags
     * af_cont_conn, af_chunking_used, af_prdr_used, and an unset host_used); empty when
     * the transport said nothing of it (since 1.3).
     */
    public Set<DeliveryFlag> flags(Address address) {
        Set<DeliveryFlag> set = flags.get(address);
        return set == null ? Set.of() : Collections.unmodifiableSet(set);
    }

    /** Collects outcomes as a transport learns them. Not thread-safe. */
    public static final class Builder {
        private final Map<Address, Outcome> outcomes = new LinkedHashMap<>();
        private final List<HostAttempt> hosts = new java.util.ArrayList<>();
        private final Map<Address, String> returnedText = new LinkedHashMap<>();
        private String freezeReason;
        private String clientAuthenticator;
        private final Map<Address, String> userMessages = new LinkedHashMap<>();
        private final Map<Address, Set<DeliveryFlag>> flags = new LinkedHashMap<>();

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

        /** Text returned to the sender with the bounce if the address fails (see {@link TransportResult#returnedText}). */
        public Builder returnedText(Address address, String text) {
            returnedText.put(address, text);
            return this;
        }

        /** Asks the engine to freeze the message after this delivery (see {@link TransportResult#freezeReason}). */
        public Builder freeze(String reason) {
            freezeReason = reason;
            return this;
        }

        /** The client authenticator that succeeded (see {@link TransportResult#clientAuthenticator}). */
        public Builder clientAuthenticator(String name) {
            clientAuthenticator = name;
            return this;
        }

        /** The text the sender is shown for the address (see {@link TransportResult#userMessage}). */
        public Builder userMessage(Address address, String text) {
            userMessages.put(address, java.util.Objects.requireNonNull(text, "text"));
            return this;
        }

        /** Says how the address went to its host (see {@link TransportResult#flags}). */
        public Builder flag(Address address, DeliveryFlag flag) {
            flags.computeIfAbsent(address, a -> EnumSet.noneOf(DeliveryFlag.class)).add(flag);
            return this;
        }

        public TransportResult build() {
            Map<Address, Set<DeliveryFlag>> copy = new LinkedHashMap<>();
            flags.forEach((a, set) -> copy.put(a, EnumSet.copyOf(set)));
            return new TransportResult(new LinkedHashMap<>(outcomes), hosts, new LinkedHashMap<>(returnedText),
                    freezeReason, clientAuthenticator, new LinkedHashMap<>(userMessages), copy);
        }
    }
}
