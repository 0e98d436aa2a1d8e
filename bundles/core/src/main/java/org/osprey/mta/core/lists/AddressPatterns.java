package org.osprey.mta.core.lists;

/**
 * Exim's check_address: one address-list item against an address. Items are regular
 * expressions on the whole address, whole-address lookups, {@code local@domain} with a
 * {@code *} wildcard local part, {@code @@lookup} split lookups, or a domain item for the
 * address's domain (domain patterns and named domain lists).
 */
final class AddressPatterns {
    private static final int CHAIN_LIMIT = 50;
    private final ListMatching m;

    AddressPatterns(ListMatching m) {
        this.m = m;
    }

    ListMatching.Status check(String pattern, Probe probe) {
        String subject = probe.subject;
        int sdomain = subject.lastIndexOf('@');
        if (sdomain < 0 && !subject.isEmpty()) {
            return ListMatching.Status.FAIL;
        }
        if (pattern.startsWith("^")) {
            Probe whole = Probe.forString(subject, probe.caseless, probe.expandSetup, false);
            ListMatching.Status r = StringPatterns.check(m, pattern, whole);
            // Exim passes no value pointer here: $value keeps what it had.
            probe.captures = whole.captures;
            probe.deferMessage = whole.deferMessage;
            return r;
        }
        int s = 0;
        while (s < pattern.length() && (isAlnum(pattern.charAt(s)) || pattern.charAt(s) == '-')) {
            s++;
        }
        if (s < pattern.length() && pattern.charAt(s) == '*') {
            s++;
        }
        if (s < pattern.length() && pattern.charAt(s) == '@') {
            s++;
        }
        if (s < pattern.length() && pattern.charAt(s) == ';') {
            Probe whole = Probe.forString(subject, probe.caseless, -1, false);
            ListMatching.Status r = StringPatterns.check(m, pattern.startsWith("partial-") ? pattern.substring(8) : pattern, whole);
            probe.value = whole.value;
            probe.deferMessage = whole.deferMessage;
            return r;
        }
        if (subject.isEmpty()) {
            return pattern.isEmpty() ? ListMatching.Status.OK : ListMatching.Status.FAIL;
        }
        if (pattern.startsWith("@@")) {
            return splitLookup(pattern, subject, sdomain, probe);
        }
        int pdomain = pattern.lastIndexOf('@');
        String value = null;
        String localWild = null;
        if (pdomain >= 0) {
            String after = pattern.substring(pdomain + 1);
            if (pdomain > 0 && pattern.charAt(pdomain - 1) == '@' && (after.isEmpty() || after.equals("[]")
                    || after.equals("mx_any") || after.equals("mx_primary") || after.equals("mx_secondary"))) {
                pdomain--;
            }
            int pllen = pdomain;
            int sllen = sdomain;
            if (pattern.startsWith("*")) {
                int cllen = pllen - 1;
                if (sllen < cllen) {
                    return ListMatching.Status.FAIL;
                }
                String tail = subject.substring(sllen - cllen, sllen);
                String want = pattern.substring(1, 1 + cllen);
                if (probe.caseless ? !tail.equalsIgnoreCase(want) : !tail.equals(want)) {
                    return ListMatching.Status.FAIL;
                }
                localWild = subject.substring(0, sllen - cllen);
            } else {
                if (sllen != pllen) {
                    return ListMatching.Status.FAIL;
                }
                String local = subject.substring(0, sllen);
                String want = pattern.substring(0, pllen);
                if (probe.caseless ? !local.equalsIgnoreCase(want) : !local.equals(want)) {
                    return ListMatching.Status.FAIL;
                }
            }
            value = pattern.substring(0, Math.min(sllen, pattern.length()));
        }
        String domain = subject.substring(sdomain + 1);
        Probe dprobe = Probe.forString(domain, probe.caseless, probe.expandSetup < 0 ? -1 : 0, true);
        String item = pdomain >= 0 ? pattern.substring(pdomain + 1) : pattern;
        ListMatching.Status rc = m.single(ListType.DOMAIN, item, dprobe);
        if (probe.expandSetup >= 0 && rc == ListMatching.Status.OK) {
            probe.captures = numbered(subject, localWild, dprobe.captures);
        }
        probe.value = null;
        if (value != null || dprobe.value != null) {
            probe.value = (value == null ? "" : value) + "@" + (dprobe.value == null ? "" : dprobe.value);
        }
        probe.deferMessage = dprobe.deferMessage;
        return rc;
    }

    /**
     * The numbered variables of an address match, as Exim numbers them: $0 the address, then
     * the local part's wild part when the pattern's local part starts with an asterisk, then
     * what the domain's match set after its own $0.
     */
    private static String[] numbered(String subject, String localWild, String[] domainCaptures) {
        java.util.List<String> out = new java.util.ArrayList<>();
        out.add(subject);
        if (localWild != null) {
            out.add(localWild);
        }
        if (domainCaptures != null) {
            for (int i = 1; i < domainCaptures.length; i++) {
                out.add(domainCaptures[i]);
            }
        }
        return out.toArray(new String[0]);
    }

        private ListMatching.Status splitLookup(String pattern, String subject, int sdomain, Probe probe) {
        if (sdomain == 1 && subject.charAt(0) == '*') {
            return ListMatching.Status.FAIL;
        }
        String key = subject.substring(sdomain + 1);
        for (int watchdog = CHAIN_LIMIT; key != null && watchdog > 0; watchdog--) {
            Probe lookup = Probe.forString(key, false, -1, false);
            ListMatching.Status rc = StringPatterns.check(m, pattern.substring(2), lookup);
            if (rc != ListMatching.Status.OK) {
                probe.deferMessage = lookup.deferMessage;
                return rc;
            }
            String list = lookup.value;
            int colon = list.lastIndexOf(':');
            String last = list.substring(colon + 1).stripLeading();
            if (last.startsWith(">")) {
                key = last.substring(1).strip();
                list = list.substring(0, colon + 1 + list.substring(colon + 1).indexOf('>'));
            } else {
                key = null;
            }
            ListReader reader = new ListReader(list);
            for (String ss = reader.next(); ss != null; ss = reader.next()) {
                ListMatching.Status localYield = ListMatching.Status.OK;
                if (ss.startsWith("!")) {
                    localYield = ListMatching.Status.FAIL;
                    ss = ss.substring(1).stripLeading();
                }
                Probe local = Probe.forString(subject.substring(0, sdomain), probe.caseless, -1, false);
                ListMatching.Status rc2 = StringPatterns.check(m, ss, local);
                if (rc2 == ListMatching.Status.OK) {
                    probe.value = local.value;
                    return localYield;
                }
                if (rc2 == ListMatching.Status.DEFER) {
                    probe.deferMessage = local.deferMessage;
                    return rc2;
                }
            }
        }
        return ListMatching.Status.FAIL;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
}
