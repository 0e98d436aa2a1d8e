package org.osprey.mta.core.daemon;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * Where the daemon listens, worked out as Exim's daemon does it: local_interfaces (items
 * {@code addr}, {@code [addr]:port} or {@code addr.port}), each item without a port once
 * for every port of daemon_smtp_ports, {@code -oX} replacing either or both (items with a
 * dot or a colon are interfaces, others ports), and an IPv6 wildcard put just before the
 * IPv4 wildcard of the same port.
 */
public final class ListenAddresses {
    private ListenAddresses() {
    }

    /**
     * @param localInterfaces the local_interfaces option
     * @param daemonPorts the daemon_smtp_ports option
     * @param override the {@code -oX} argument, or null
     * @param services how port names are resolved
     * @throws DaemonException with Exim's text for a malformed address or an unknown port
     */
    public static List<ListenAddress> resolve(String localInterfaces, String daemonPorts, String override,
            ServicePorts services) throws DaemonException {
        List<String> interfaces = ListReader.items(localInterfaces);
        List<String> ports = ListReader.items(daemonPorts);
        String source = "local_interfaces";
        if (override != null) {
            List<String> overriddenInterfaces = new ArrayList<>();
            List<String> overriddenPorts = new ArrayList<>();
            for (String item : ListReader.items(override)) {
                (item.indexOf('.') >= 0 || item.indexOf(':') >= 0 ? overriddenInterfaces : overriddenPorts).add(item);
            }
            if (!overriddenPorts.isEmpty()) {
                ports = overriddenPorts;
            }
            if (!overriddenInterfaces.isEmpty()) {
                interfaces = overriddenInterfaces;
                source = "-oX data";
            }
        }
        List<Integer> defaultPorts = new ArrayList<>();
        for (String port : ports) {
            defaultPorts.add(services.resolve(port));
        }
        List<ListenAddress> out = new ArrayList<>();
        for (String item : interfaces) {
            String[] split = splitPort(item);
            String address = split[0];
            if (!IpAddress.isValid(address)) {
                throw new DaemonException("Malformed IP address \"" + address + "\" in " + source);
            }
            int port = Integer.parseInt(split[1]);
            if (port > 0) {
                out.add(new ListenAddress(address, port));
                continue;
            }
            if (defaultPorts.isEmpty() || defaultPorts.get(0) <= 0) {
                String name = address.equals("0.0.0.0") ? "\"all IPv4\"" : address.equals("::0") ? "\"all IPv6\"" : address;
                throw new DaemonException("no port specified for interface " + name
                        + " and daemon_smtp_port is unset; cannot start daemon");
            }
            for (int p : defaultPorts) {
                out.add(new ListenAddress(address, p));
            }
        }
        return pairWildcards(out);
    }

    /** Exim's host_address_extract_port: {"address", "port"}, port "0" when there is none (or it is malformed). */
    static String[] splitPort(String item) {
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            if (close < 0) {
                return new String[] {item, "0"};
            }
            String rest = item.substring(close + 1);
            String inner = item.substring(1, close);
            if (rest.isEmpty()) {
                return new String[] {inner, "0"};
            }
            if (rest.charAt(0) != ':' || !digits(rest.substring(1))) {
                return new String[] {item, "0"};
            }
            return new String[] {inner, rest.substring(1)};
        }
        // The port follows the fourth dot of an IPv4 address, the first dot of an IPv6 one.
        int skip = -3;
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == ':') {
                skip = 0;
            } else if (c == '.' && skip++ >= 0) {
                String port = item.substring(i + 1);
                return digits(port) ? new String[] {item.substring(0, i), port} : new String[] {item, "0"};
            }
        }
        return new String[] {item, "0"};
    }

    private static boolean digits(String s) {
        // strtol accepts an empty string as 0, which leaves the port unset.
        return s.chars().allMatch(Character::isDigit) && s.length() < 10;
    }

    /** Exim's reordering: an IPv6 wildcard first, then the IPv4 wildcard of the same port. */
    private static List<ListenAddress> pairWildcards(List<ListenAddress> in) {
        List<ListenAddress> list = new ArrayList<>(in);
        for (int i = 0; i < list.size(); i++) {
            ListenAddress a = list.get(i);
            if (a.address().equals("0.0.0.0")) {
                for (int j = i + 1; j < list.size(); j++) {
                    ListenAddress b = list.get(j);
                    if (b.address().equals("::0") && b.port() == a.port()) {
                        list.remove(j);
                        list.add(i, b);
                        i++;
                        break;
                    }
                }
            } else if (a.address().equals("::0")) {
                for (int j = i + 1; j < list.size(); j++) {
                    ListenAddress b = list.get(j);
                    if (b.address().equals("0.0.0.0") && b.port() == a.port()) {
                        list.remove(j);
                        list.add(i + 1, b);
                        i++;
                        break;
                    }
                }
            }
        }
        return List.copyOf(list);
    }

    /**
     * The tail of Exim's "daemon started" line: {@code SMTP on [127.0.0.1]:{25,587} [::1]:25
     * and for SMTPS on port 465 (IPv6 and IPv4)}, ten addresses at most then {@code ...}.
     *
     * @param addresses what the daemon listens on, in order
     * @param tlsOnConnect the tls_on_connect_ports
     */
    public static String describe(List<ListenAddress> addresses, Set<Integer> tlsOnConnect) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(10, addresses.size());
        for (int pass = 0; pass < 2; pass++) {
            boolean smtps = pass == 1;
            List<StringBuilder> parts = new ArrayList<>();
            List<String> partAddress = new ArrayList<>();
            List<Integer> partPorts = new ArrayList<>();
            for (int i = 0; i < shown; i++) {
                ListenAddress a = addresses.get(i);
                if (tlsOnConnect.contains(a.port()) != smtps) {
                    continue;
                }
                if (a.address().equals("::0")) {
                    if (i + 1 < shown && addresses.get(i + 1).address().equals("0.0.0.0")
                            && addresses.get(i + 1).port() == a.port()) {
                        parts.add(new StringBuilder(" port " + a.port() + " (IPv6 and IPv4)"));
                        i++;
                    } else {
                        parts.add(new StringBuilder(" port " + a.port() + " (IPv6)"));
                    }
                    partAddress.add(null);
                    partPorts.add(0);
                } else if (a.address().equals("0.0.0.0")) {
                    parts.add(new StringBuilder(" port " + a.port() + " (IPv4)"));
                    partAddress.add(null);
                    partPorts.add(0);
                } else {
                    int seen = partAddress.indexOf(a.address());
                    if (seen < 0) {
                        parts.add(new StringBuilder(" [" + a.address() + "]:" + a.port()));
                        partAddress.add(a.address());
                        partPorts.add(1);
                    } else {
                        StringBuilder b = parts.get(seen);
                        if (partPorts.get(seen) == 1) {
                            int colon = b.lastIndexOf(":");
                            b.insert(colon + 1, '{').append(',').append(a.port()).append('}');
                        } else {
                            b.insert(b.length() - 1, "," + a.port());
                        }
                        partPorts.set(seen, partPorts.get(seen) + 1);
                    }
                }
            }
            if (!parts.isEmpty()) {
                out.append(smtps ? out.length() == 0 ? "SMTPS on" : " and for SMTPS on" : "SMTP on");
                parts.forEach(out::append);
            }
            if (shown < addresses.size()) {
                out.append(" ...");
            }
        }
        return out.toString();
    }
}
