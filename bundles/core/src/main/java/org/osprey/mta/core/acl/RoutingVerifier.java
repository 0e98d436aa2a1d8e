package org.osprey.mta.core.acl;

import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.route.RoutingOutcome;
import org.osprey.mta.core.route.RoutingRequest;
import org.osprey.mta.core.route.VerifyDecision;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * Address verification through the router chain, as Exim's verify_address decides it
 * ({@link VerifyDecision}): a sender is routed with {@link Purpose#VERIFY_SENDER}, a recipient
 * with {@link Purpose#VERIFY_RECIPIENT}. The message and user message of a failure or deferral
 * are the routing's (Exim's addr->message and addr->user_message); the hosts and transport of
 * an address routed to a transport are passed on for a callout.
 */
public final class RoutingVerifier implements AddressVerifier {
    private final Routing routing;

    public RoutingVerifier(Routing routing) {
        this.routing = routing;
    }

    @Override
    public Verification verify(String address, boolean sender, String envelopeSender, ExpansionContext base) {
        return verify(address, sender, envelopeSender, base, false);
    }

    @Override
    public Verification verify(String address, boolean sender, String envelopeSender, ExpansionContext base,
            boolean successOnRedirect) {
        int at = address.lastIndexOf('@');
        Address a = at < 0 ? Address.of(address, "") : Address.of(address.substring(0, at), address.substring(at + 1));
        RoutingRequest request = new RoutingRequest(sender ? Purpose.VERIFY_SENDER : Purpose.VERIFY_RECIPIENT,
                envelopeSender == null ? "" : envelopeSender, base);
        VerifyDecision d = VerifyDecision.of(routing.route(a, request), successOnRedirect);
        return switch (d.status()) {
            case FAIL -> new Verification(Status.FAIL, d.message(), d.userMessage(), null);
            case DEFER -> new Verification(Status.DEFER, d.message(), d.userMessage(), null);
            case OK -> d.decisive() instanceof RoutingOutcome.Routed r
                    ? Verification.routed(r.addressData(), r.hosts(), r.transport())
                    : Verification.ok(null);
        };
    }
}
