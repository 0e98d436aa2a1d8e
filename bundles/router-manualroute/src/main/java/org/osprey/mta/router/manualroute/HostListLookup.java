package org.osprey.mta.router.manualroute;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

/**
 * Finds the addresses of a rule's hosts, as Exim's {@code rf_lookup_hostlist} does. Hosts
 * are looked up in order; a host that turns out to be this host ends the list when hosts
 * were found before it, and is the {@code self} option's business when it comes first.
 */
final class HostListLookup {
    static final String LOCAL_HOST = "remote host address is the local host";
    static final String LOCAL_MX = "lowest numbered MX record points to local host";

    /** The hosts found (possibly none, when every one was ignored), or the router's answer. */
    record Outcome(List<Host> hosts, RouterResult result) {
    }

    private final RoutingContext context;
    private final Address address;
    private final HostFailureAction hostFindFailed;

    HostListLookup(RoutingContext context, Address address, HostFailureAction hostFindFailed) {
        this.context = context;
        this.address = address;
        this.hostFindFailed = hostFindFailed;
    }

    Outcome find(List<HostItem> items, int lookupType) {
        HostFinder finder = context.hosts();
        List<Host> found = new ArrayList<>();
        boolean selfSend = false;
        for (HostItem item : items) {
            HostLookup lookup = lookup(finder, item, lookupType);
            switch (lookup.status()) {
                case SECURITY:
                    return answer(RouterResult.defer("host lookup for " + item.name() + " done insecurely"));
                case AGAIN:
                    return answer(RouterResult.defer("host lookup for " + item.name()
                            + " did not complete (DNS timeout?)"));
                case FAILED:
                    switch (hostFindFailed) {
                        case IGNORE:
                            continue;
                        case PASS:
                            return answer(RouterResult.pass());
                        case DECLINE:
                            return answer(RouterResult.decline());
                        case FAIL:
                            return answer(RouterResult.fail(failedMessage(item)));
                        case FREEZE:
                            return answer(context.freeze(failedMessage(item)));
                        default:
                            return answer(RouterResult.defer(failedMessage(item)));
                    }
                case FOUND_LOCAL:
                    if (!selfSend) {
                        if (!found.isEmpty()) {
                            return new Outcome(found, null);
                        }
                        List<Host> here = withPort(localHosts(item, lookup), item.port());
                        RouterResult self = context.selfReference(address, here, item.viaMx() ? LOCAL_MX : LOCAL_HOST);
                        if (!(self instanceof RouterResult.Accept)) {
                            return answer(self);
                        }
                        // self = send: the local host stays, and later local hosts are kept too.
                        selfSend = true;
                        found.addAll(here);
                        continue;
                    }
                    found.addAll(withPort(localHosts(item, lookup), item.port()));
                    continue;
                default:
                    found.addAll(withPort(lookup.hosts(), item.port()));
            }
        }
        return new Outcome(found, null);
    }

    private String failedMessage(HostItem item) {
        return "lookup of host \"" + item.name() + "\" failed in " + context.routerName() + " router";
    }

    private HostLookup lookup(HostFinder finder, HostItem item, int lookupType) {
        String name = item.name();
        if (name.startsWith("[")) {
            // Brackets are only taken off along with a port; "[192.0.2.1]" alone is a name that
            // neither the DNS nor the system's resolver knows.
            return new HostLookup(HostLookup.Status.FAILED, List.of(), name, false, false, "no such host");
        }
        if (item.viaMx()) {
            return ipv4(finder.byDns(name, DnsQuery.mxOnly()), lookupType);
        }
        if ((lookupType & RuleOptions.LK_BYNAME) != 0 || IpLiteral.is(name)) {
            return finder.byName(name);
        }
        HostLookup dns = ipv4(finder.byDns(name, DnsQuery.addressOnly()), lookupType);
        if (dns.status() == HostLookup.Status.FAILED && (lookupType & RuleOptions.LK_DEFAULT) != 0) {
            return finder.byName(name);
        }
        return dns;
    }

    /** ipv4_only and ipv4_prefer, which apply to DNS lookups only. */
    private static HostLookup ipv4(HostLookup lookup, int lookupType) {
        if ((lookupType & (RuleOptions.LK_IPV4_ONLY | RuleOptions.LK_IPV4_PREFER)) == 0 || lookup.hosts().isEmpty()) {
            return lookup;
        }
        List<Host> hosts = new ArrayList<>();
        if ((lookupType & RuleOptions.LK_IPV4_ONLY) != 0) {
            for (Host h : lookup.hosts()) {
                if (h.address() == null || h.address().indexOf(':') < 0) {
                    hosts.add(h);
                }
            }
        } else {
            // IPv4 before IPv6 among the hosts of one MX preference.
            List<Host> all = lookup.hosts();
            for (int start = 0; start < all.size();) {
                int end = start;
                while (end < all.size() && all.get(end).mx() == all.get(start).mx()) {
                    end++;
                }
                for (Host h : all.subList(start, end)) {
                    if (h.address() == null || h.address().indexOf(':') < 0) {
                        hosts.add(h);
                    }
                }
                for (Host h : all.subList(start, end)) {
                    if (h.address() != null && h.address().indexOf(':') >= 0) {
                        hosts.add(h);
                    }
                }
                start = end;
            }
        }
        HostLookup.Status status = hosts.isEmpty() && lookup.status() == HostLookup.Status.FOUND
                ? HostLookup.Status.FAILED : lookup.status();
        return new HostLookup(status, hosts, lookup.fullyQualifiedName(), lookup.localHostRemoved(),
                lookup.dnssecAuthenticated(), lookup.message());
    }

    /**
     * The hosts to send to when {@code self = send}: what the lookup left, or else the host
     * itself, which the lookup took out as being this host.
     */
    private static List<Host> localHosts(HostItem item, HostLookup lookup) {
        if (!lookup.hosts().isEmpty()) {
            return lookup.hosts();
        }
        Host self = Host.named(item.name());
        return List.of(IpLiteral.is(item.name()) ? self.withAddress(item.name()) : self);
    }

    private static List<Host> withPort(List<Host> hosts, int port) {
        if (port == Host.DEFAULT_PORT) {
            return hosts;
        }
        return hosts.stream().map(h -> h.withPort(port)).toList();
    }

    private static Outcome answer(RouterResult result) {
        return new Outcome(null, result);
    }
}
