package org.osprey.mta.kernel.router;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.osprey.mta.kernel.model.Host;

/**
 * A router's decision on one address: Exim's OK, DECLINE, PASS, FAIL, DEFER, DISCARD and
 * REROUTED (routers/README). See the package documentation for what the engine does with each.
 */
public sealed interface RouterResult {

    /**
     * The address is accepted for delivery.
     *
     * @param transport the transport to use, or {@code null} for the router's generic
     *        {@code transport} option (the usual case)
     * @param hosts the hosts found for a remote delivery, in order of preference; empty when
     *        the router found none (a local delivery, or a remote transport with its own {@code hosts})
     */
    record Accept(String transport, List<Host> hosts) implements RouterResult {
        public Accept {
            hosts = List.copyOf(hosts);
        }

        public Optional<String> transportOverride() {
            return Optional.ofNullable(transport);
        }
    }

    /**
     * The router does not handle this address; the next router is tried.
     *
     * @param message why, or {@code null}: Exim's {@code addr->message} on a DECLINE. If no
     *        later router takes the address, it fails with this message instead of
     *        {@code "Unrouteable address"} (dnslookup's {@code "all relevant MX records point
     *        to non-existent hosts"}, for one)
     */
    record Decline(String message) implements RouterResult {
        /** A decline that says nothing: the usual case. */
        public Decline() {
            this(null);
        }

        public Optional<String> reason() {
            return Optional.ofNullable(message);
        }
    }

    /**
     * The router does not handle this address, and routing passes to {@code pass_router} (or the next router).
     *
     * @param message why, or null; kept with the address as for {@link Decline}
     */
    record Pass(String message) implements RouterResult {
        public Pass() {
            this(null);
        }
    }

    /**
     * The address cannot be delivered and bounces.
     *
     * @param message the reason, shown to the sender and logged
     * @param userMessage what an SMTP client may be told when it verifies the address (Exim's
     *        {@code user_message}: the text of {@code :fail: text}), or null to tell it nothing
     * @param children addresses made before the failure, routed and delivered as children of
     *        the failed address all the same (the items before {@code :fail:} in a redirection
     *        list, as Exim's redirect router adds them); usually none
     */
    record Fail(String message, String userMessage, List<NewAddress> children) implements RouterResult {
        public Fail {
            Objects.requireNonNull(message, "message");
            children = List.copyOf(children);
        }

        public Fail(String message, String userMessage) {
            this(message, userMessage, List.of());
        }

        public Fail(String message) {
            this(message, null);
        }
    }

    /**
     * The decision cannot be had now; the address is retried later.
     *
     * @param message the reason, logged
     * @param userMessage what an SMTP client may be told (Exim's {@code user_message} with
     *        {@code af_pass_message}: the text of {@code :defer: text}), or null
     */
    record Defer(String message, String userMessage) implements RouterResult {
        public Defer {
            Objects.requireNonNull(message, "message");
        }

        public Defer(String message) {
            this(message, null);
        }
    }

    /** The address is dropped as delivered (Exim's {@code :blackhole:}). */
    record Discard() implements RouterResult {
    }

    /**
     * The address is replaced by new addresses.
     *
     * @param children the new addresses; none at all is a {@link Discard} in all but name
     */
    record Rerouted(List<NewAddress> children) implements RouterResult {
        public Rerouted {
            children = List.copyOf(children);
        }
    }

    /** Accepted for the router's configured transport, with no hosts (the accept router's answer). */
    static RouterResult accept() {
        return new Accept(null, List.of());
    }

    /** Accepted for the router's configured transport, with these hosts. */
    static RouterResult accept(List<Host> hosts) {
        return new Accept(null, hosts);
    }

    static RouterResult decline() {
        return new Decline();
    }

    /** Declined, with the reason the address fails for if no later router takes it. */
    static RouterResult decline(String message) {
        return new Decline(Objects.requireNonNull(message, "message"));
    }

    static RouterResult pass() {
        return new Pass();
    }

    static RouterResult fail(String message) {
        return new Fail(message);
    }

    static RouterResult defer(String message) {
        return new Defer(message);
    }

    /** Failed, with a text for an SMTP client besides the logged message. */
    static RouterResult fail(String message, String userMessage) {
        return new Fail(message, userMessage);
    }

    /** Deferred, with a text for an SMTP client besides the logged message. */
    static RouterResult defer(String message, String userMessage) {
        return new Defer(message, userMessage);
    }

    static RouterResult discard() {
        return new Discard();
    }
}
