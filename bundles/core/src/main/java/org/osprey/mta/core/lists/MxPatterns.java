package org.osprey.mta.core.lists;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The domain-list items {@code @mx_any}, {@code @mx_primary} and {@code @mx_secondary},
 * optionally with {@code /ignore=<address list>}: whether the domain's MX records (or, lacking
 * any, its address records) name this host, at the lowest preference or above it.
 */
final class MxPatterns {
    private MxPatterns() {
    }

    /** The result, or null when the item is not one of these after all (then it is literal text). */
    static ListMatching.Status check(ListMatching m, String pattern, String domain, Probe probe) {
        String rest = pattern.substring(4);
        boolean primary = false;
        boolean secondary = false;
        if (rest.regionMatches(true, 0, "any", 0, 3)) {
            rest = rest.substring(3);
        } else if (rest.regionMatches(true, 0, "primary", 0, 7)) {
            rest = rest.substring(7);
            primary = true;
        } else if (rest.regionMatches(true, 0, "secondary", 0, 9)) {
            rest = rest.substring(9);
            secondary = true;
        } else {
            return null;
        }
        Set<String> ignore = new HashSet<>();
        if (rest.regionMatches(true, 0, "/ignore=", 0, 8)) {
            ignore.addAll(ListReader.items(rest.substring(8)));
        } else if (!rest.isEmpty()) {
            return null;
        }
        HostResolver resolver = m.support().resolver();
        Set<String> local = new HashSet<>(resolver.localAddresses());
        local.removeAll(ignore);
        int lowest = Integer.MAX_VALUE;
        int localPreference = Integer.MAX_VALUE;
        try {
            List<HostResolver.MxRecord> records = resolver.mx(domain);
            if (records.isEmpty()) {
                records = List.of(new HostResolver.MxRecord(-1, domain));
            }
            for (HostResolver.MxRecord mx : records) {
                lowest = Math.min(lowest, mx.preference());
                for (String address : resolver.addresses(mx.host())) {
                    if (local.contains(address)) {
                        localPreference = Math.min(localPreference, mx.preference());
                    }
                }
            }
        } catch (DnsDeferredException e) {
            probe.deferMessage = "DNS lookup of \"" + domain + "\" deferred";
            return ListMatching.Status.DEFER;
        }
        boolean found = localPreference != Integer.MAX_VALUE;
        boolean isPrimary = found && localPreference == lowest;
        boolean matches = primary ? isPrimary : secondary ? found && !isPrimary : found;
        if (!matches) {
            return ListMatching.Status.FAIL;
        }
        if (probe.expandSetup >= 0) {
            probe.captures = new String[] {domain};
        }
        probe.value = pattern;
        return ListMatching.Status.OK;
    }
}
