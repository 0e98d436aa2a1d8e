package org.osprey.mta.core.route;

import java.util.Objects;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * Why and for whom one address is routed.
 *
 * @param purpose delivery, verification of a recipient or a sender, {@code -bt} or EXPN
 * @param sender the envelope sender, "" for a bounce; when verifying a sender the routers see
 *        "" whatever is given here, as in Exim
 * @param base what the expansions know besides the address (message headers, connection
 *        variables); the engine adds the address's own variables
 */
public record RoutingRequest(Purpose purpose, String sender, ExpansionContext base) {
    public RoutingRequest {
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(base, "base");
    }

    public static RoutingRequest of(Purpose purpose, String sender) {
        return new RoutingRequest(purpose, sender, ExpansionContext.empty());
    }
}
