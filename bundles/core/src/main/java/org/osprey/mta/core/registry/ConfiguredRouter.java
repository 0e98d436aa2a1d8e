package org.osprey.mta.core.registry;

import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

/**
 * A router instance of the configuration, as delivery uses it. It never lets a missing or
 * broken driver fail an address: when the driver is absent, or throws, the address is
 * deferred with the reason, and a queue run retries it later.
 */
public final class ConfiguredRouter {
    private final Binding<Router> binding;

    ConfiguredRouter(Binding<Router> binding) {
        this.binding = binding;
    }

    public Binding<Router> binding() {
        return binding;
    }

    public String name() {
        return binding.name();
    }

    /** Routes {@code address} through the bound driver, or defers it. */
    public RouterResult route(Address address, RoutingContext context) {
        Router router = binding.instance().orElse(null);
        if (router == null) {
            return RouterResult.defer("router " + name() + ": " + binding.unavailableReason());
        }
        try {
            RouterResult result = router.route(address, context);
            return result != null ? result
                    : RouterResult.defer("router " + name() + ": driver returned no result");
        } catch (RuntimeException | LinkageError e) {
            // A stopped bundle's class loader, a driver bug: defer, never fail or lose.
            return RouterResult.defer("router " + name() + ": driver failed: " + e);
        }
    }

    @Override
    public String toString() {
        return binding.toString();
    }
}
