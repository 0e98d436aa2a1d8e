package org.osprey.mta.transport.smtp;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.model.IpAddress;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.transport.Delivery;

/**
 * Looks up a host the transport names itself (in {@code hosts} or {@code fallback_hosts}), as
 * the smtp transport's loop does: A and AAAA records in the DNS with the resolver flags of
 * {@code dns_qualify_single} and {@code dns_search_parents}, or the system's resolver when
 * {@code gethostbyname} is set or the name is an IP address (which is answered without a
 * lookup, but still tested for being this host).
 *
 * <p>The engine's finder ({@link Delivery#hostFinder()}) is used when there is one; without
 * it, the JDK's resolver stands in, and a host is this host when its first address is a
 * loopback address or one of the machine's interfaces.
 */
final class HostFinding {
    private final HostFinder finder;
    private final boolean byName;
    private final DnsQuery query;

    HostFinding(Delivery delivery, boolean gethostbyname, boolean qualifySingle, boolean searchParents) {
        this.finder = delivery.hostFinder().orElse(null);
        this.byName = gethostbyname;
        this.query = new DnsQuery(Set.of(DnsQuery.Records.ADDRESS), null, qualifySingle, searchParents, false, false,
                false, false);
    }

    /** The host's addresses, one host each, with the host's own port; FOUND_LOCAL when it is this machine. */
    HostLookup find(Host host) {
        HostLookup found = finder == null ? system(host.name())
                : byName || IpAddress.isValid(host.name()) ? finder.byName(host.name())
                : finder.byDns(host.name(), query);
        List<Host> hosts = new ArrayList<>();
        for (Host h : found.hosts()) {
            hosts.add(new Host(h.name(), h.address(), host.port(), host.mx(),
                    h.status() == HostStatus.UNKNOWN ? host.status() : h.status()));
        }
        return new HostLookup(found.status(), hosts, found.fullyQualifiedName(), found.localHostRemoved(),
                found.dnssecAuthenticated(), found.message());
    }

    private static HostLookup system(String name) {
        List<Host> hosts = new ArrayList<>();
        try {
            for (InetAddress a : InetAddress.getAllByName(name)) {
                hosts.add(new Host(name, a.getHostAddress(), Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN));
            }
        } catch (UnknownHostException e) {
            return new HostLookup(HostLookup.Status.FAILED, List.of(), name, false, false,
                    "no IP address found for host " + name);
        }
        HostLookup.Status status = isLocal(hosts.get(0).address()) ? HostLookup.Status.FOUND_LOCAL
                : HostLookup.Status.FOUND;
        return new HostLookup(status, hosts, name, false, false, null);
    }

    /** Whether the address is one of this machine's (Exim's HOST_FOUND_LOCAL): loopback or an interface's. */
    private static boolean isLocal(String address) {
        try {
            InetAddress a = InetAddress.getByName(address);
            return a.isLoopbackAddress() || a.isAnyLocalAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (UnknownHostException | SocketException e) {
            return false;
        }
    }
}
