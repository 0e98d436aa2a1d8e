package org.osprey.mta.router.manualroute;

import java.util.regex.Pattern;

/** Whether a host name is an IP address (Exim's {@code string_is_ip_address}), which is never looked up in the DNS. */
final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

    private IpLiteral() {
    }

    static boolean is(String s) {
        return isIpv4(s) || isIpv6(s);
    }

    private static boolean isIpv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int g = 1; g <= 4; g++) {
            if (Integer.parseInt(m.group(g)) > 255) {
                return false;
            }
        }
        return true;
    }

    /** Hex groups of one to four digits, at most one "::", perhaps an IPv4 address at the end, perhaps a %zone. */
    private static boolean isIpv6(String s) {
        int percent = s.indexOf('%');
        if (percent >= 0) {
            s = s.substring(0, percent);
        }
        if (s.indexOf(':') < 0) {
            return false;
        }
        int compressed = s.indexOf("::");
        if (compressed >= 0 && s.indexOf("::", compressed + 1) >= 0) {
            return false;
        }
        String[] parts = s.split(":", -1);
        int groups = 0;
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                continue;
            }
            if (i == parts.length - 1 && part.indexOf('.') >= 0) {
                if (!isIpv4(part)) {
                    return false;
                }
                groups += 2;
            } else if (IPV6_GROUP.matcher(part).matches()) {
                groups++;
            } else {
                return false;
            }
        }
        if (s.startsWith(":") && !s.startsWith("::") || s.endsWith(":") && !s.endsWith("::")) {
            return false;
        }
        return compressed >= 0 ? groups < 8 : groups == 8;
    }
}
