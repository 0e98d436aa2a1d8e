package org.osprey.mta.kernel.router;

import java.util.List;
import java.util.Objects;

import org.osprey.mta.kernel.model.Host;

/**
 * The answer of a {@link HostFinder}: Exim's {@code HOST_FOUND}, {@code HOST_FOUND_LOCAL},
 * {@code HOST_FIND_FAILED}, {@code HOST_FIND_AGAIN} and {@code HOST_FIND_SECURITY}, with the hosts.
 *
 * @param status what was found
 * @param hosts the hosts, in the order to try them (see {@link HostFinder}); a host whose
 *        addresses could not be found stays, with no address and {@code UNUSABLE}. With
 *        {@code FOUND_LOCAL}, all of them, this host first, as Exim keeps them for
 *        {@code self = send} (when this host is further down the MX list it is removed with
 *        the hosts behind it, and the status is {@code FOUND}). With {@code FAILED}, the hosts
 *        the MX or SRV records named, none with an address (Exim's host list after
 *        HOST_FIND_FAILED; when every host was in {@code ignore_target_hosts}, the last of
 *        them): dnslookup's message depends on the first one: a name of {@code ""} is an MX
 *        or SRV record for "." (no service); empty when no MX or SRV record was found
 * @param fullyQualifiedName the name as the DNS knows it (after qualification, widening or
 *        a CNAME), or the name asked for
 * @param localHostRemoved this host was in the MX list and was removed, with the hosts
 *        behind it (Exim's {@code removed}, for {@code check_secondary_mx})
 * @param dnssecAuthenticated every answer used was DNSSEC-authenticated
 * @param message what went wrong, for {@code AGAIN}, {@code FAILED} and {@code SECURITY}, for logs and
 *        debugging (the routers word their own messages, as Exim's do); null otherwise
 */
public record HostLookup(Status status, List<Host> hosts, String fullyQualifiedName, boolean localHostRemoved,
        boolean dnssecAuthenticated, String message) {

    public enum Status {
        /** Hosts were found, and none of them is this host at the lowest preference. */
        FOUND,
        /** The lowest-preference host is this host: the router's {@code self} option decides. */
        FOUND_LOCAL,
        /** The name does not exist, or has no usable records (all ignored, or none at all). */
        FAILED,
        /** A temporary DNS failure: try later. */
        AGAIN,
        /** DNSSEC was required and the answer was not authenticated. */
        SECURITY
    }

    public HostLookup {
        Objects.requireNonNull(status, "status");
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(fullyQualifiedName, "fullyQualifiedName");
    }
}
