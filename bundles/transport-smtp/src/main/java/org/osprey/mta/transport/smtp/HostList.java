package org.osprey.mta.transport.smtp;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.model.IpAddress;
import org.osprey.mta.kernel.option.EximList;

/**
 * A list of hosts to try (the {@code hosts} and {@code fallback_hosts} options), read as Exim's
 * host_build_hostlist reads it: colon-separated (a doubled colon is a colon; {@code <;} and the
 * like change the separator), each item a name or an IP address, optionally with a port:
 * {@code mail.example.com:2525} (written {@code mail.example.com::2525} in a colon list),
 * {@code [2001:db8::1]:2525}. Names are not looked up here: the transport looks each one up
 * when it comes to it, an IP address included (so that the test for the local host is made).
 *
 * <p>With {@code hosts_randomize}, the order is random, within groups that an item of a
 * single {@code +} separates; without it, {@code +} is ignored.
 */
final class HostList {
    private HostList() {
    }

    /**
     * One host to try and its group: the hosts of a group are alike for hosts_max_try (its
     * rule moves on to the next group). The group is the MX preference for the router's
     * hosts; for a list of the transport's own it is Exim's fake MX value: -1 for every
     * host of an ordered list, -2, -3 ... for the groups of a randomized one.
     */
    record Candidate(Host host, int group) {
        Candidate with(Host other) {
            return new Candidate(other, group);
        }
    }

    /** The hosts of an expanded list, in order (randomized within groups when asked); empty items are skipped. */
    static List<Candidate> parse(String list, boolean randomize, Random random) {
        record Keyed(Candidate candidate, int key) {
        }
        List<Keyed> keyed = new ArrayList<>();
        int group = randomize ? Host.NO_MX - 1 : Host.NO_MX;
        for (String item : EximList.nonEmptyItems(list)) {
            if (item.equals("+")) {
                if (randomize) {
                    group--;
                }
                continue;
            }
            keyed.add(new Keyed(new Candidate(host(item), group), randomize ? -group * 1000 + random.nextInt(1000) : 0));
        }
        // A stable sort: ties (and every item of an ordered list) keep their order, as Exim's insertion does.
        keyed.sort(Comparator.comparingInt(Keyed::key));
        return keyed.stream().map(Keyed::candidate).toList();
    }

    /**
     * The router's hosts as candidates, their MX preference the group. With hosts_randomize,
     * hosts that did not come from MX records are put in a random order (Exim randomizes a
     * router's list only then).
     */
    static List<Candidate> of(List<Host> hosts, boolean randomize, Random random) {
        List<Host> ordered = new ArrayList<>(hosts);
        if (randomize && !ordered.isEmpty() && ordered.get(0).mx() == Host.NO_MX) {
            Collections.shuffle(ordered, random);
        }
        return ordered.stream().map(h -> new Candidate(h, h.mx())).toList();
    }

    /** A host known by name (an IP address being its own name), with the port the item gives. */
    static Host host(String item) {
        String name = item;
        int port = Host.DEFAULT_PORT;
        if (item.startsWith("[")) {
            int close = item.indexOf(']');
            if (close > 0) {
                name = item.substring(1, close);
                String rest = item.substring(close + 1);
                if (rest.startsWith(":") && rest.substring(1).chars().allMatch(Character::isDigit) && rest.length() > 1) {
                    port = Integer.parseInt(rest.substring(1));
                }
            }
        } else if (!IpAddress.isValid(item)) {
            int colon = item.lastIndexOf(':');
            if (colon > 0 && item.indexOf(':') == colon && colon + 1 < item.length()
                    && item.substring(colon + 1).chars().allMatch(Character::isDigit)) {
                name = item.substring(0, colon);
                port = Integer.parseInt(item.substring(colon + 1));
            }
        }
        return new Host(name, null, port, Host.NO_MX, HostStatus.UNKNOWN);
    }
}
