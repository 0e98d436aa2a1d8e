package org.osprey.mta.kernel.router;

/**
 * Finds the hosts behind a name for a router, as Exim's {@code host_find_byname} and
 * {@code host_find_bydns} do. The engine provides one per router call through
 * {@link RoutingContext#hosts()}; it applies what is the same for every router: the
 * router's generic {@code ignore_target_hosts} (hosts it names are dropped from the
 * answer), the main options {@code dns_ipv4_lookup}, {@code disable_ipv6} and the
 * {@code dns_*} resolver settings, and the recognition of this host
 * ({@code local_interfaces}, {@code extra_local_interfaces}, {@code hosts_treat_as_local}).
 *
 * <p>A name that is an IP address (with or without brackets) is answered without a lookup.
 * Hosts come back in the order they are to be tried: by MX preference (or SRV priority and
 * weight), hosts of equal preference in random order, the addresses of one host together.
 * A host with several addresses appears once per address, each with the same name.
 */
public interface HostFinder {

    /** The system's resolver, as {@code getaddrinfo()}: /etc/hosts, then the DNS. */
    HostLookup byName(String name);

    /** The DNS alone (dnsjava, reading /etc/resolv.conf), with the records {@code query} asks for. */
    HostLookup byDns(String name, DnsQuery query);
}
