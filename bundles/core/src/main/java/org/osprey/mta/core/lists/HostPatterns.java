package org.osprey.mta.core.lists;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * Exim's check_host: one host-list item against a host. Items are {@code *}, the empty item
 * (no remote host), {@code @} and {@code @[]}, addresses and networks, {@code net<n>-lookup}s
 * on the masked address, host names (looked up forwards) and name patterns (matched against
 * the host's name, looked up backwards when not known). Only address items may be used when
 * the host name is given as "" (match_ip).
 */
final class HostPatterns {
    private final ListMatching m;

    HostPatterns(ListMatching m) {
        this.m = m;
    }

    ListMatching.Status check(String ss, Probe probe) {
        String address = probe.hostAddress;
        boolean ipOnly = probe.hostName != null && probe.hostName.isEmpty();
        if (ss.equals("*")) {
            return ListMatching.Status.OK;
        }
        if (address.isEmpty()) {
            return ss.isEmpty() ? ListMatching.Status.OK : ListMatching.Status.FAIL;
        }
        if (ss.isEmpty()) {
            return ListMatching.Status.FAIL;
        }
        if (ss.startsWith("@")) {
            if (ss.length() == 1) {
                if (ipOnly) {
                    return ListMatching.Status.ERROR;
                }
                ss = m.support().primaryHostname();
            } else if (ss.equals("@[]")) {
                return m.support().resolver().localAddresses().contains(address)
                        ? ListMatching.Status.OK : ListMatching.Status.FAIL;
            }
        }
        Optional<IpAddress> host = IpAddress.parse(address);
        Optional<IpAddress.Network> network = IpAddress.parseNetwork(ss);
        if (network.isPresent()) {
            return host.isPresent() && network.get().contains(host.get()) ? ListMatching.Status.OK
                    : ListMatching.Status.FAIL;
        }
        int t = 0;
        while (t < ss.length() && (Character.isDigit(ss.charAt(t)) || ss.charAt(t) == '.')) {
            t++;
        }
        if (t == ss.length() || (ss.charAt(t) == '/' && t != 0)) {
            return ListMatching.Status.ERROR;
        }
        int semicolon = ss.indexOf(';');
        boolean ipLookup = ipOnly && semicolon >= 0;
        int mlen = -1;
        int typeStart = 0;
        if (ss.startsWith("net") && semicolon >= 0) {
            int i = 3;
            mlen = 0;
            while (i < ss.length() && Character.isDigit(ss.charAt(i))) {
                mlen = mlen * 10 + ss.charAt(i) - '0';
                i++;
            }
            if (i == 3) {
                mlen = -1;
            }
            ipLookup = i < ss.length() && ss.charAt(i) == '-';
            typeStart = i + 1;
        }
        if (ipLookup) {
            return host.isEmpty() ? ListMatching.Status.FAIL
                    : ipLookup(ss, typeStart, semicolon, mlen, host.get(), probe);
        }
        if (ipOnly) {
            return ListMatching.Status.ERROR;
        }
        if (isDomainName(ss)) {
            try {
                List<String> found = m.support().resolver().addresses(ss);
                if (found.isEmpty()) {
                    return ListMatching.Status.ERROR;
                }
                if (host.isEmpty()) {
                    return ListMatching.Status.FAIL;
                }
                IpAddress.Network self = new IpAddress.Network(host.get(), OptionalInt.empty());
                for (String a : found) {
                    if (IpAddress.parse(a).map(self::contains).orElse(false)) {
                        return ListMatching.Status.OK;
                    }
                }
                return ListMatching.Status.FAIL;
            } catch (DnsDeferredException e) {
                return ListMatching.Status.DEFER;
            }
        }
        List<String> names = new ArrayList<>();
        if (probe.hostName != null) {
            names.add(probe.hostName);
        } else {
            try {
                for (String name : m.support().resolver().names(address)) {
                    if (m.support().resolver().addresses(name).contains(address)) {
                        names.add(name);
                    }
                }
            } catch (DnsDeferredException e) {
                return ListMatching.Status.DEFER;
            }
            if (names.isEmpty()) {
                return ListMatching.Status.ERROR;
            }
        }
        for (String name : names) {
            Probe p = Probe.forString(name, true, -1, true);
            ListMatching.Status r = StringPatterns.check(m, ss, p);
            if (r == ListMatching.Status.OK) {
                probe.value = p.value;
                return r;
            }
            if (r == ListMatching.Status.DEFER) {
                probe.deferMessage = p.deferMessage;
                return r;
            }
        }
        return ListMatching.Status.FAIL;
    }

    private ListMatching.Status ipLookup(String ss, int typeStart, int semicolon, int mlen, IpAddress address,
            Probe probe) {
        int comma = ss.indexOf(',');
        int endName = comma >= 0 && comma < semicolon ? comma : semicolon;
        String type = ss.substring(Math.min(typeStart, endName), endName);
        String options = comma >= 0 && comma < semicolon ? ss.substring(comma, semicolon) : "";
        String source = ss.substring(semicolon + 1);
        String key = address.masked(mlen).expanded(type.equals("iplsearch") ? ':' : '.') + (mlen >= 0 ? "/" + mlen : "");
        try {
            String result = m.lookup(type + options, source, key);
            probe.value = result;
            return result != null ? ListMatching.Status.OK : ListMatching.Status.FAIL;
        } catch (ListMatching.LookupDeferral e) {
            probe.deferMessage = e.getMessage();
            return ListMatching.Status.DEFER;
        }
    }

    private static boolean isDomainName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '.' && c != '-' && c != '_' || c > 127) {
                return false;
            }
        }
        return true;
    }
}
