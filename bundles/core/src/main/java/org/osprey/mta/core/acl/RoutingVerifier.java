package org.osprey.mta.core.acl;

import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.route.RoutingOutcome;
import org.osprey.mta.core.route.RoutingRequest;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * Address verification through the router chain: routed, discarded or redirected to
 * addresses that all verify is OK; a failure anywhere fails; a deferral defers. The first
 * routed address's hosts and transport are passed on for a callout.
 */
public final class RoutingVerifier implements AddressVerifier {
    private final Routing routing;

    public RoutingVerifier(Routing routing) {
        this.routing = routing;
    }

    @Override
    public Verification verify(String address, boolean sender, String envelopeSender, ExpansionContext base) {
        int at = address.lastIndexOf('@');
        Address a = at < 0 ? Address.of(address, "") : Address.of(address.substring(0, at), address.substring(at + 1));
        RoutingRequest request = new RoutingRequest(sender ? Purpose.VERIFY_SENDER : Purpose.VERIFY_RECIPIENT,
                envelopeSender == null ? "" : envelopeSender, base);
        RoutingOutcome outcome = routing.route(a, request);
        String addressData = outcome instanceof RoutingOutcome.Routed r ? r.addressData() : null;
        RoutingOutcome.Routed remote = null;
        for (RoutingOutcome leaf : outcome.leaves()) {
            if (leaf instanceof RoutingOutcome.Failed f) {
                return new Verification(Status.FAIL, f.message(), null, null);
            }
            if (leaf instanceof RoutingOutcome.Deferred d) {
                return new Verification(Status.DEFER, d.message(), null, null);
            }
            if (leaf instanceof RoutingOutcome.Routed r) {
                if (addressData == null) {
                    addressData = r.addressData();
                }
                if (remote == null) {
                    remote = r;
                }
            }
        }
        return remote == null ? Verification.ok(addressData)
                : Verification.routed(addressData, remote.hosts(), remote.transport());
    }
}
