package org.osprey.mta.kernel.router;

import org.osprey.mta.kernel.model.Address;

/** A configured router instance. Instances are shared between threads and hold no per-address state. */
@FunctionalInterface
public interface Router {

    /**
     * Routes one address whose preconditions have been met.
     *
     * @param address the address, with the affixes this router's generic options matched already taken off
     * @param context the expansion and list context of this address, and what the engine knows of the routing
     * @return the decision; never {@code null}
     */
    RouterResult route(Address address, RoutingContext context);
}
