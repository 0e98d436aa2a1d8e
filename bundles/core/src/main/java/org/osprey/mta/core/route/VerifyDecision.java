package org.osprey.mta.core.route;

import java.util.Objects;

/**
 * What Exim's verify_address decides for one address when it is not asked for full
 * information ({@code verify = sender/recipient}, {@code -bv}, VRFY): routing success, failure
 * or deferral, and the outcome that settled it. A redirection is followed only when it made
 * exactly one new address that is not a pipe, file or autoreply, and {@code success_on_redirect}
 * is not set; otherwise the redirection itself is a success (a mailing list verifies whatever
 * its members do).
 *
 * @param status the decision
 * @param decisive the outcome it rests on: a {@link RoutingOutcome.Failed}, a
 *        {@link RoutingOutcome.Deferred}, or the success (routed, discarded, or the redirection)
 */
public record VerifyDecision(Status status, RoutingOutcome decisive) {
    /** Exim's OK, FAIL and DEFER. */
    public enum Status { OK, FAIL, DEFER }

    public VerifyDecision {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(decisive, "decisive");
    }

    /** Decides on a routing outcome as verify_address does. */
    public static VerifyDecision of(RoutingOutcome outcome, boolean successOnRedirect) {
        RoutingOutcome o = outcome;
        while (true) {
            if (o instanceof RoutingOutcome.Failed) {
                return new VerifyDecision(Status.FAIL, o);
            }
            if (o instanceof RoutingOutcome.Deferred) {
                return new VerifyDecision(Status.DEFER, o);
            }
            RoutingOutcome next = null;
            if (o instanceof RoutingOutcome.Routed r) {
                // The unseen copy is the one new address of a routed address.
                next = r.unseen();
            } else if (o instanceof RoutingOutcome.Rerouted r) {
                if (r.children().size() == 1 && r.unseen() == null && !isDirect(r.children().get(0), r)) {
                    next = r.children().get(0);
                }
            }
            if (next == null || successOnRedirect) {
                return new VerifyDecision(Status.OK, o);
            }
            o = next;
        }
    }

    /**
     * Whether a child of a redirection is a pipe, file or autoreply, given straight to a
     * transport by the redirecting router (Exim's af_pfr): only such a child is routed by the
     * router that redirected, and it has no domain: its local part is the pipe, file or
     * directory. (A child with a new domain, from a DNS lookup or {@code self = reroute}, may
     * be routed by the same router too.)
     */
    public static boolean isDirect(RoutingOutcome child, RoutingOutcome.Rerouted parent) {
        return isDirect(child, parent.router());
    }

    /** The same, for a child of an address that {@code router} redirected. */
    static boolean isDirect(RoutingOutcome child, String router) {
        return child instanceof RoutingOutcome.Routed r && Objects.equals(r.router(), router)
                && r.address().domain().isEmpty();
    }

    /** Why it failed or deferred (Exim's addr->message), or null. */
    public String message() {
        if (decisive instanceof RoutingOutcome.Failed f) {
            return f.message();
        }
        return decisive instanceof RoutingOutcome.Deferred d ? d.message() : null;
    }

    /** What the client may be told of a failure or deferral (Exim's addr->user_message), or null. */
    public String userMessage() {
        if (decisive instanceof RoutingOutcome.Failed f) {
            return f.userMessage();
        }
        return decisive instanceof RoutingOutcome.Deferred d ? d.userMessage() : null;
    }

    /** {@code $address_data} of the address that settled it, when routed to a transport; else null. */
    public String addressData() {
        return decisive instanceof RoutingOutcome.Routed r ? r.addressData() : null;
    }
}
