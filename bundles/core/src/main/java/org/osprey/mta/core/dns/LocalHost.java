package org.osprey.mta.core.dns;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * What "this host" is when the hosts of a router are checked (Exim's host_find_interfaces and
 * host_scan_for_local_hosts): the addresses of {@code local_interfaces} and
 * {@code extra_local_interfaces}, a wildcard ({@code 0.0.0.0}, {@code ::0}) standing for the
 * addresses of every interface that is up; the address 0.0.0.0 always; and any host whose
 * name is in {@code hosts_treat_as_local}.
 */
public final class LocalHost {
    private final Set<String> addresses;
    private final Predicate<String> treatAsLocal;

    /**
     * @param addresses this host's IP addresses, as text
     * @param treatAsLocal {@code hosts_treat_as_local}: the host names that count as this host
     */
    public LocalHost(Collection<String> addresses, Predicate<String> treatAsLocal) {
        Set<String> canonical = new LinkedHashSet<>();
        addresses.forEach(a -> canonical.add(canonical(a)));
        this.addresses = Set.copyOf(canonical);
        this.treatAsLocal = treatAsLocal;
    }

    /**
     * Exim's host_find_interfaces over two lists of addresses (a port, as in
     * {@code 127.0.0.1.2525} or {@code [::1]:2525}, is dropped), IPv6 ones left out when
     * {@code disableIpv6}.
     */
    public static LocalHost of(String localInterfaces, String extraLocalInterfaces, boolean disableIpv6,
            Predicate<String> treatAsLocal) {
        List<String> found = new ArrayList<>();
        List<String> running = null;
        for (String list : new String[] {localInterfaces, extraLocalInterfaces}) {
            if (list == null) {
                continue;
            }
            ListReader items = new ListReader(list);
            for (String item = items.next(); item != null; item = items.next()) {
                Optional<String> address = withoutPort(item.trim());
                if (address.isEmpty() || (disableIpv6 && IpAddress.version(address.get()) == 6)) {
                    continue;
                }
                String a = address.get();
                if (a.equals("0.0.0.0") || a.equals("::0") || a.equals("::")) {
                    boolean v6 = a.startsWith(":");
                    if (running == null) {
                        running = runningInterfaces();
                    }
                    running.stream().filter(r -> (r.indexOf(':') >= 0) == v6).forEach(found::add);
                } else {
                    found.add(a);
                }
            }
        }
        return new LocalHost(found, treatAsLocal);
    }

    /** Whether a host with this name and address is this host. */
    public boolean isLocal(String name, String address) {
        if (name != null && treatAsLocal.test(name)) {
            return true;
        }
        if (address == null) {
            return false;
        }
        String a = canonical(address);
        return a.equals("0.0.0.0") || addresses.contains(a);
    }

    /** The addresses of the interfaces that are up. */
    public static List<String> runningInterfaces() {
        List<String> out = new ArrayList<>();
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isUp()) {
                    for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                        out.add(text(a));
                    }
                }
            }
        } catch (SocketException e) {
            out.add("127.0.0.1");
        }
        return out;
    }

    /** An address as Exim writes it: dotted quad, or compressed IPv6 without a scope. */
    static String text(InetAddress a) {
        return a.getAddress().length == 4 ? a.getHostAddress() : IpAddress.of(a.getAddress()).compressed();
    }

    private static String canonical(String address) {
        return IpAddress.parse(address).map(ip -> ip.version() == 4 ? ip.toString() : ip.compressed()).orElse(address);
    }

    /** Exim's host_address_extract_port: {@code [addr]:port} or {@code addr.port}; empty when not an address. */
    private static Optional<String> withoutPort(String item) {
        String s = item;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            s = close < 0 ? s : s.substring(1, close);
        }
        if (IpAddress.isValid(s)) {
            return Optional.of(s);
        }
        int dot = s.lastIndexOf('.');
        if (dot > 0 && IpAddress.isValid(s.substring(0, dot))) {
            return Optional.of(s.substring(0, dot));
        }
        return Optional.empty();
    }
}
