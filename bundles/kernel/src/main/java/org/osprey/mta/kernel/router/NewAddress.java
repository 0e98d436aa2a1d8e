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
 * @param problem why a pipe, file or autoreply child cannot be delivered, or {@code null}:
 *        Exim decides this while routing and acts on it when the child would be delivered
 *        (a pipe the router forbids fails, one whose transport could not be set up defers)
 */
public record NewAddress(Address address, String transport, Problem problem) {
    /**
     * An {@linkplain Address#property(String) address property}: set (to any value) on a child
     * whose failure or delay is reported without naming it, as "an undisclosed address"
     * generated from the top-level address (Exim's {@code af_hide_child}, the redirect
     * router's {@code hide_child_in_errmsg}). Only locally made bounces and warnings heed it.
     */
    public static final String HIDE_IN_ERRORS = "hide_child_in_errmsg";

    /**
     * An {@linkplain Address#property(String) address property}: on a child of a
     * {@code one_time} redirection, the top-level address it came from (Exim's
     * {@code onetime_parent}). If the child is deferred, the engine makes it a recipient of the
     * message in its own right and records the address it was generated from as delivered, so
     * that a later attempt does not expand the redirection again; its delivery is then logged
     * with this top-level address.
     */
    public static final String ONETIME_PARENT = "onetime_parent";

    public NewAddress {
        Objects.requireNonNull(address, "address");
    }

    /** A child with no problem. */
    public NewAddress(Address address, String transport) {
        this(address, transport, null);
    }

    /** A child address that is routed like any other. */
    public static NewAddress routed(Address address) {
        return new NewAddress(address, null);
    }

    /** A pipe, file or autoreply child that the engine fails or defers with {@code problem} instead of delivering. */
    public static NewAddress undeliverable(Address address, Problem problem) {
        return new NewAddress(address, null, Objects.requireNonNull(problem, "problem"));
    }

    public Optional<String> directTransport() {
        return Optional.ofNullable(transport);
    }

    public Optional<Problem> undeliverable() {
        return Optional.ofNullable(problem);
    }

    /**
     * Why a child is not delivered.
     *
     * @param message Exim's text, such as {@code delivery to pipe forbidden} or
     *        {@code pipe_transport unset in userforward router}
     * @param permanent whether the child fails (a forbidden delivery) rather than defers
     *        (a transport that could not be set up)
     */
    public record Problem(String message, boolean permanent) {
        public Problem {
            Objects.requireNonNull(message, "message");
        }
    }
}
