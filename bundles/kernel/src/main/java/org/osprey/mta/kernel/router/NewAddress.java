package org.osprey.mta.kernel.router;

import java.util.Objects;
import java.util.Optional;
import org.osprey.mta.kernel.model.Address;

/**
 * A child address made by a router that {@linkplain RouterResult.Rerouted rerouted}.
 *
 * @param address the new address, whose parent is the address that was routed
 * @param transport the transport to deliver it with directly, skipping the routers (a
 *        pipe, a file or an autoreply in a redirection), or {@code null} to route it from
 *        the first router (or the router named by {@code redirect_router})
 */
public record NewAddress(Address address, String transport) {
    public NewAddress {
        Objects.requireNonNull(address, "address");
    }

    /** A child address that is routed like any other. */
    public static NewAddress routed(Address address) {
        return new NewAddress(address, null);
    }

    public Optional<String> directTransport() {
        return Optional.ofNullable(transport);
    }
}
