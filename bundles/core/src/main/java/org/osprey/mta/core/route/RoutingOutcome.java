package org.osprey.mta.core.route;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;

/**
 * What routing made of one address: Exim's OK (routed to a transport), FAIL, DEFER, DISCARD,
 * and redirection to child addresses, each child with its own outcome. Every outcome names the
 * address as it was given and the router that decided (null when no router did: the address
 * ran off the end of the routers, or routing stopped before any router ran).
 */
public sealed interface RoutingOutcome {

    Address address();

    /** The router that made the decision, or null. */
    String router();

    /**
     * Routed to a transport.
     *
     * @param transport the transport's name (the router's {@code transport}, expanded, or the driver's choice)
     * @param hosts the hosts the router found, in order; empty for a local delivery
     * @param errorsTo where bounces go instead of the sender; null for the sender, "" to ignore errors
     * @param headersAdd header lines to add, without their final newlines, in the order they were set
     * @param headersRemove names of headers to remove
     * @param addressData {@code $address_data} as it stands, or null
     * @param retryUseLocalPart the router's {@code retry_use_local_part}
     * @param duplicate an earlier address of the same delivery was routed to the same place, so
     *        this one is not delivered (Exim's "duplicate, would not be delivered")
     * @param unseen when the router had {@code unseen}: the copy routed on from the next router; else null
     * @param variables the address's expansion variables as the router left them ({@code $local_part},
     *        {@code $domain}, {@code $home}, {@code $local_user_uid}, the affixes, {@code set} variables ...),
     *        which the transport expands its options with
     * @param fallbackHosts the router's {@code fallback_hosts}, by name (not looked up, not expanded, as
     *        Exim builds them once): the remote transport tries them when every host deferred
     */
    record Routed(Address address, String router, String transport, List<Host> hosts, String errorsTo,
            List<String> headersAdd, List<String> headersRemove, String addressData, boolean retryUseLocalPart,
            boolean duplicate, RoutingOutcome unseen, Map<String, String> variables, List<Host> fallbackHosts)
            implements RoutingOutcome {
        public Routed {
            Objects.requireNonNull(transport, "transport");
            hosts = List.copyOf(hosts);
            headersAdd = List.copyOf(headersAdd);
            headersRemove = List.copyOf(headersRemove);
            variables = Map.copyOf(variables);
            fallbackHosts = List.copyOf(fallbackHosts);
        }

        /** Routed without fallback hosts. */
        public Routed(Address address, String router, String transport, List<Host> hosts, String errorsTo,
                List<String> headersAdd, List<String> headersRemove, String addressData, boolean retryUseLocalPart,
                boolean duplicate, RoutingOutcome unseen, Map<String, String> variables) {
            this(address, router, transport, hosts, errorsTo, headersAdd, headersRemove, addressData,
                    retryUseLocalPart, duplicate, unseen, variables, List.of());
        }

        Routed asDuplicate() {
            return new Routed(address, router, transport, hosts, errorsTo, headersAdd, headersRemove, addressData,
                    retryUseLocalPart, true, unseen, variables, fallbackHosts);
        }
    }

    /**
     * The address cannot be delivered; {@code message} is Exim's text (as after "is undeliverable: "),
     * {@code userMessage} what an SMTP client verifying it may be told (Exim's user_message), or null;
     * {@code children} the outcomes of addresses the router made before it failed the address
     * (the items before {@code :fail:} in a redirection), delivered all the same; usually none.
     */
    record Failed(Address address, String router, String message, String userMessage, List<RoutingOutcome> children)
            implements RoutingOutcome {
        public Failed {
            children = List.copyOf(children);
        }

        public Failed(Address address, String router, String message, String userMessage) {
            this(address, router, message, userMessage, List.of());
        }

        public Failed(Address address, String router, String message) {
            this(address, router, message, null);
        }
    }

    /**
     * No decision now; tried again later.
     *
     * @param userMessage as for {@link Failed}
     * @param freeze the message is to be frozen as well (a router's {@code self = freeze}: Exim's SPECIAL_FREEZE)
     */
    record Deferred(Address address, String router, String message, String userMessage, boolean freeze)
            implements RoutingOutcome {
        public Deferred(Address address, String router, String message, String userMessage) {
            this(address, router, message, userMessage, false);
        }

        public Deferred(Address address, String router, String message) {
            this(address, router, message, null, false);
        }
    }

    /** Dropped as delivered ({@code :blackhole:}). */
    record Discarded(Address address, String router) implements RoutingOutcome {
    }

    /**
     * Replaced by child addresses, each routed in turn; {@code unseen} as for {@link Routed}.
     *
     * @param headerRewrite for a change of domain that asked for it (Exim's rf_change_domain
     *        with {@code rewrite_headers} or {@code self = reroute:rewrite:}): the change the
     *        message's address headers take; else null
     */
    record Rerouted(Address address, String router, List<RoutingOutcome> children, RoutingOutcome unseen,
            HeaderRewrite headerRewrite) implements RoutingOutcome {
        public Rerouted {
            children = List.copyOf(children);
        }

        public Rerouted(Address address, String router, List<RoutingOutcome> children, RoutingOutcome unseen) {
            this(address, router, children, unseen, null);
        }
    }

    /**
     * A router changed an address's domain from {@code oldDomain} to {@code newDomain} and the
     * message's Sender:, From:, To:, Cc:, Bcc: and Reply-To: headers are to follow: every
     * address in them at the old domain gets the new one (Exim rewrites its header list there
     * and then, for every later delivery of the message).
     */
    record HeaderRewrite(String oldDomain, String newDomain) {
        public HeaderRewrite {
            Objects.requireNonNull(oldDomain, "oldDomain");
            Objects.requireNonNull(newDomain, "newDomain");
        }
    }

    /**
     * The header rewrites of this tree, in the order routing made them: an address's own
     * before its descendants'; of a redirection, the unseen copy first, then the children
     * last first, as they were routed.
     */
    default List<HeaderRewrite> headerRewrites() {
        List<HeaderRewrite> out = new java.util.ArrayList<>();
        collectRewrites(this, out);
        return out;
    }

    private static void collectRewrites(RoutingOutcome o, List<HeaderRewrite> out) {
        if (o instanceof Rerouted r) {
            if (r.headerRewrite() != null) {
                out.add(r.headerRewrite());
            }
            if (r.unseen() != null) {
                collectRewrites(r.unseen(), out);
            }
            for (int i = r.children().size() - 1; i >= 0; i--) {
                collectRewrites(r.children().get(i), out);
            }
        } else if (o instanceof Routed r && r.unseen() != null) {
            collectRewrites(r.unseen(), out);
        }
    }

    /**
     * Every outcome in this tree that is not a redirection, children in the order given, unseen
     * copies after; a failed address comes before the children it has.
     */
    default List<RoutingOutcome> leaves() {
        List<RoutingOutcome> out = new java.util.ArrayList<>();
        collect(this, out);
        return out;
    }

    private static void collect(RoutingOutcome o, List<RoutingOutcome> out) {
        if (o instanceof Rerouted r) {
            r.children().forEach(c -> collect(c, out));
            if (r.unseen() != null) {
                collect(r.unseen(), out);
            }
        } else {
            out.add(o);
            if (o instanceof Routed r && r.unseen() != null) {
                collect(r.unseen(), out);
            }
            if (o instanceof Failed f) {
                f.children().forEach(c -> collect(c, out));
            }
        }
    }
}
