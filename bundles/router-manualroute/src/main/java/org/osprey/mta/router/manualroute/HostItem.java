package org.osprey.mta.router.manualroute;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.osprey.mta.kernel.model.Host;

/**
 * One item of a rule's host list, as Exim's {@code host_build_hostlist} and
 * {@code host_item_get_port} read it: a name or IP address, then perhaps {@code /MX} (the
 * hosts of the name's MX records), then perhaps {@code :port}. A port after an IPv6 address
 * needs the address in brackets; brackets without a port stay part of the name.
 *
 * @param name the name or address to look up, without {@code /MX} and port
 * @param port the port, or {@link Host#DEFAULT_PORT}
 * @param viaMx whether the item stands for the hosts of the name's MX records
 */
record HostItem(String name, int port, boolean viaMx) {

    static HostItem parse(String item) {
        String name = item;
        int port = Host.DEFAULT_PORT;
        int len = name.length();
        if (len >= 3 && isDigit(name.charAt(len - 1))) {
            int p = len - 1;
            long value = name.charAt(p--) - '0';
            long weight = 10;
            // Exim stops at the second character: a port needs something before its colon.
            while (p > 1 && isDigit(name.charAt(p))) {
                value += (name.charAt(p--) - '0') * weight;
                weight *= 10;
            }
            if (name.charAt(p) == ':') {
                if (p > 0 && name.charAt(p - 1) == ']' && name.charAt(0) == '[') {
                    name = name.substring(1, p - 1);
                    port = (int) value;
                } else if (name.indexOf(':') == p) {
                    name = name.substring(0, p);
                    port = (int) value;
                }
            }
        }
        boolean viaMx = name.length() > 3 && name.regionMatches(true, name.length() - 3, "/mx", 0, 3);
        if (viaMx) {
            name = name.substring(0, name.length() - 3);
        }
        return new HostItem(name, port, viaMx);
    }

    /**
     * The items of an expanded host list in the order to look them up. With
     * {@code randomize}, each group between "+" items is shuffled and the groups keep their
     * order; without it a "+" is ignored.
     */
    static List<HostItem> list(String hostList, boolean randomize, RandomGenerator random) {
        List<HostItem> hosts = new ArrayList<>();
        List<HostItem> group = new ArrayList<>();
        for (String item : EximList.items(hostList, ':')) {
            if (item.equals("+")) {
                if (randomize) {
                    shuffleInto(hosts, group, random);
                }
                continue;
            }
            group.add(parse(item));
        }
        if (randomize) {
            shuffleInto(hosts, group, random);
        } else {
            hosts.addAll(group);
        }
        return hosts;
    }

    private static void shuffleInto(List<HostItem> hosts, List<HostItem> group, RandomGenerator random) {
        for (int i = group.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            HostItem t = group.get(i);
            group.set(i, group.get(j));
            group.set(j, t);
        }
        hosts.addAll(group);
        group.clear();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
