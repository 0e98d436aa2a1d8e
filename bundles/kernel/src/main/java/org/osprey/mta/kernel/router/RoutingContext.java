package org.osprey.mta.kernel.router;

import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;

/**
 * What a router may ask of the engine while it routes one address. Its expander sees the
 * address's variables ({@code $local_part}, {@code $domain}, {@code $address_data} ...).
 */
public interface RoutingContext {

    Expander expander();

    ListMatcher lists();

    /** The name of the router instance being run, for messages. */
    String routerName();

    /** Why the address is being routed: for a delivery, or to verify it ({@code -bv}, {@code verify =}), or to test it ({@code -bt}). */
    Purpose purpose();

    /** Why routing is being done. Some routers behave differently when only verifying (Exim's {@code verify_only}, {@code fail_verify}). */
    enum Purpose { DELIVERY, VERIFY_RECIPIENT, VERIFY_SENDER, ADDRESS_TEST, EXPN }
}
