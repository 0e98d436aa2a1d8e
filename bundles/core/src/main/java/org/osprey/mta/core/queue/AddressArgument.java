package org.osprey.mta.core.queue;

/**
 * An address given on the command line to -Mar, -Mmd or -Mes, read as Exim's
 * parse_extract_address reads one for these commands: a bare address, or the address in
 * {@code <...>} of a mailbox such as {@code Name <a@b>}, with Exim's error texts for an empty
 * address and a malformed domain. Comments and quoted display names with {@code <} in them are
 * beyond it (the expansion package's parser knows them but is not exported).
 *
 * @param address the operative address, or null when {@code error} is set
 * @param hasDomain whether the address has a domain
 * @param error Exim's reason the argument is not an address, or null
 */
record AddressArgument(String address, boolean hasDomain, String error) {

    static AddressArgument parse(String text) {
        String s = text.strip();
        int open = s.lastIndexOf('<');
        if (open >= 0) {
            int close = s.indexOf('>', open);
            if (close < 0) {
                return failed("missing > in address");
            }
            s = s.substring(open + 1, close).strip();
            // A source route (@a,@b:local@domain) is accepted and dropped, as Exim drops it.
            if (s.startsWith("@") && s.indexOf(':') > 0) {
                s = s.substring(s.indexOf(':') + 1);
            }
        }
        if (s.isEmpty()) {
            return failed("empty address");
        }
        int at = s.indexOf('@');
        if (at < 0) {
            return localPartOk(s) ? new AddressArgument(s, false, null) : failed("malformed address: " + s);
        }
        String local = s.substring(0, at);
        String domain = s.substring(at + 1);
        if (local.isEmpty() || !localPartOk(local)) {
            return failed("malformed address: " + s);
        }
        if (!domainOk(domain)) {
            return failed("domain missing or malformed");
        }
        return new AddressArgument(s, true, null);
    }

    private static AddressArgument failed(String error) {
        return new AddressArgument(null, false, error);
    }

    private static boolean localPartOk(String local) {
        if (local.length() >= 2 && local.startsWith("\"") && local.endsWith("\"")) {
            return true;
        }
        for (String atom : local.split("\\.", -1)) {
            if (atom.isEmpty()) {
                return false;
            }
            for (int i = 0; i < atom.length(); i++) {
                char c = atom.charAt(i);
                if (c <= ' ' || c >= 127 || "()<>@,;:\\\".[]".indexOf(c) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean domainOk(String domain) {
        if (domain.startsWith("[") && domain.endsWith("]") && domain.length() > 2) {
            return true;
        }
        if (domain.isEmpty()) {
            return false;
        }
        for (String label : domain.split("\\.", -1)) {
            if (label.isEmpty()) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c <= ' ' || c >= 127 || "()<>@,;:\\\".[]".indexOf(c) >= 0) {
                    return false;
                }
            }
        }
        return true;
    }
}
