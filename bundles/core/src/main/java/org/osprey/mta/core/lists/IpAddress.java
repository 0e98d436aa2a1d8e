package org.osprey.mta.core.lists;

/**
 * Textual IP addresses as Exim reads and writes them (string_is_ip_address, host_aton,
 * host_mask, host_nmtoa, ipv6_nmtoa, host_is_in_net, invert_address). Binary forms are one int
 * for IPv4 and four for IPv6, most significant bits first.
 */
public final class IpAddress {
    private IpAddress() {
    }

    /** 4 or 6 when {@code s} is an IPv4 or IPv6 address (no mask allowed), else 0. */
    public static int version(String s) {
        return s.indexOf('/') >= 0 ? 0 : check(s, false);
    }

    /** The offset of the '/' of a valid mask ({@code 1.2.3.0/24}), or 0 when there is none. */
    public static int maskOffset(String s) {
        int slash = s.indexOf('/');
        return slash >= 0 && validMask(s.substring(slash + 1)) ? slash : 0;
    }

    /** 4 or 6 when {@code s} is an address optionally followed by a mask, else 0. */
    public static int versionWithMask(String s) {
        int slash = s.indexOf('/');
        if (slash >= 0 && !validMask(s.substring(slash + 1))) {
            return 0;
        }
        return check(slash >= 0 ? s.substring(0, slash) : s, slash >= 0);
    }

    /** C's strtol over the whole text, not negative (the empty text reads as 0). */
    private static boolean validMask(String m) {
        int p = 0;
        while (p < m.length() && isSpaceChar(m.charAt(p))) {
            p++;
        }
        if (p < m.length() && m.charAt(p) == '+') {
            p++;
        } else if (p < m.length() && m.charAt(p) == '-') {
            return m.substring(p + 1).chars().allMatch(c -> c == '0') && p + 1 < m.length();
        }
        int digits = p;
        while (p < m.length() && isDigit(m.charAt(p))) {
            p++;
        }
        return p == m.length() && (p > digits || digits == 0 || m.substring(0, digits).isBlank());
    }

    /**
     * Exim 4.96 with the fix for CVE-2023-42117 (as Debian ships it): inet_pton's syntax, an
     * interface suffix ({@code %eth0}) allowed for IPv6 only and never with a mask.
     */
    private static int check(String s, boolean masked) {
        int percent = s.indexOf('%');
        String addr = s;
        if (percent >= 0) {
            if (masked) {
                return 0;
            }
            for (int i = percent + 1; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c <= ' ' || c >= 127) {
                    return 0;
                }
            }
            addr = s.substring(0, percent);
        }
        if (addr.indexOf(':') >= 0) {
            return pton6(addr) ? 6 : 0;
        }
        return percent < 0 && pton4(addr) != null ? 4 : 0;
    }

    /** glibc's inet_pton for IPv4: four decimal octets, no leading zeros; null when invalid. */
    private static int[] pton4(String s) {
        int[] octets = new int[4];
        int count = 0;
        boolean sawDigit = false;
        int value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                if (sawDigit && value == 0) {
                    return null;
                }
                value = value * 10 + (c - '0');
                if (value > 255) {
                    return null;
                }
                if (!sawDigit) {
                    if (++count > 4) {
                        return null;
                    }
                    sawDigit = true;
                }
            } else if (c == '.' && sawDigit) {
                if (count == 4) {
                    return null;
                }
                octets[count - 1] = value;
                value = 0;
                sawDigit = false;
            } else {
                return null;
            }
        }
        if (count < 4 || !sawDigit) {
            return null;
        }
        octets[3] = value;
        return octets;
    }

    /** glibc's inet_pton for IPv6, with a trailing dotted IPv4 part allowed. */
    private static boolean pton6(String s) {
        int bytes = 0;
        boolean doubleColon = false;
        int i = 0;
        int n = s.length();
        if (n > 0 && s.charAt(0) == ':') {
            if (n < 2 || s.charAt(1) != ':') {
                return false;
            }
            i = 1;
        }
        int groupStart = i;
        boolean sawXdigit = false;
        int digits = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (isXDigit(c)) {
                if (++digits > 4) {
                    return false;
                }
                sawXdigit = true;
                continue;
            }
            if (c == ':') {
                groupStart = i + 1;
                if (!sawXdigit) {
                    if (doubleColon) {
                        return false;
                    }
                    doubleColon = true;
                    continue;
                }
                if (i + 1 >= n) {
                    return false;
                }
                if ((bytes += 2) > 16) {
                    return false;
                }
                sawXdigit = false;
                digits = 0;
                continue;
            }
            if (c == '.' && bytes + 4 <= 16) {
                if (pton4(s.substring(groupStart)) == null) {
                    return false;
                }
                bytes += 4;
                sawXdigit = false;
                i = n;
                break;
            }
            return false;
        }
        if (sawXdigit) {
            bytes += 2;
        }
        if (bytes > 16) {
            return false;
        }
        return doubleColon ? bytes < 16 : bytes == 16;
    }

    /** The address in binary (Exim's host_aton): one int for IPv4, four for IPv6. */
    public static int[] toBinary(String address) {
        int v4offset = 0;
        int[] bin = new int[4];
        if (address.indexOf(':') >= 0) {
            String p = address;
            int i0 = 0;
            if (p.startsWith(":")) {
                i0 = 1;
            }
            String[] component = new String[8];
            int ci = 0;
            int nulloffset = 0;
            int v6count = 8;
            boolean ipv4ends = false;
            int i = i0;
            while (i < p.length() && p.charAt(i) != '%') {
                int end = i;
                while (end < p.length() && p.charAt(end) != ':' && p.charAt(end) != '%') {
                    end++;
                }
                if (end == i) {
                    nulloffset = ci;
                }
                if (ci > 7) {
                    throw new IllegalArgumentException("invalid IPv6 address " + address);
                }
                component[ci++] = p.substring(i, end);
                i = end;
                if (i < p.length() && p.charAt(i) == ':') {
                    i++;
                }
            }
            if (ci > 0 && component[ci - 1].indexOf('.') >= 0) {
                address = component[--ci];
                ipv4ends = true;
                v4offset = 3;
                v6count = 6;
            }
            if (ci < v6count) {
                int insert = v6count - ci;
                int k;
                for (k = v6count - 1; k > nulloffset + insert; k--) {
                    component[k] = component[k - insert];
                }
                while (k > nulloffset) {
                    component[k--] = "";
                }
            }
            for (int k = 0; k < v6count; k += 2) {
                bin[k / 2] = (hex(component[k]) << 16) + hex(component[k + 1]);
            }
            if (!ipv4ends) {
                return bin;
            }
        }
        int[] x = new int[4];
        String[] parts = address.split("\\.", -1);
        for (int k = 0; k < 4 && k < parts.length; k++) {
            x[k] = leadingInt(parts[k]);
        }
        bin[v4offset] = (x[0] << 24) + (x[1] << 16) + (x[2] << 8) + x[3];
        int[] result = new int[v4offset + 1];
        System.arraycopy(bin, 0, result, 0, v4offset + 1);
        return result;
    }

    /** Keeps the {@code mask} most significant bits (all when negative). */
    public static void mask(int[] binary, int mask) {
        if (mask < 0) {
            mask = 99999;
        }
        for (int i = 0; i < binary.length; i++) {
            int wordmask;
            if (mask == 0) {
                wordmask = 0;
            } else if (mask < 32) {
                wordmask = -1 << (32 - mask);
                mask = 0;
            } else {
                wordmask = -1;
                mask -= 32;
            }
            binary[i] &= wordmask;
        }
    }

    /** Exim's host_nmtoa: dotted IPv4, or eight 4-digit groups joined by {@code sep}, then "/mask" unless negative. */
    public static String toText(int[] binary, int mask, char sep) {
        StringBuilder b = new StringBuilder();
        if (binary.length == 1) {
            int j = binary[0];
            b.append((j >>> 24) & 255).append('.').append((j >> 16) & 255).append('.')
                    .append((j >> 8) & 255).append('.').append(j & 255);
        } else {
            for (int i = 0; i < 4; i++) {
                if (i > 0) {
                    b.append(sep);
                }
                b.append(String.format("%04x%c%04x", (binary[i] >>> 16) & 0xffff, sep, binary[i] & 0xffff));
            }
        }
        if (mask >= 0) {
            b.append('/').append(mask);
        }
        return b.toString();
    }

    /**
     * The zero-compressed IPv6 text of four ints, exactly as Exim's ipv6_nmtoa writes it (which
     * gives ":" for the all-zero address).
     */
    public static String ipv6Text(int[] binary) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            text.append(Integer.toHexString((binary[i] >>> 16) & 0xffff)).append(':')
                    .append(Integer.toHexString(binary[i] & 0xffff)).append(':');
        }
        String b = text.toString();
        int c = 0;
        int k = -1;
        int d = -1;
        for (int i = 0; i < 8; i++) {
            if (b.charAt(c) == '0') {
                int start = c;
                int j = i;
                while (c + 2 < b.length() && b.charAt(c + 2) == '0') {
                    i++;
                    c += 2;
                }
                if (i - j > k) {
                    k = i - j;
                    d = start;
                }
            }
            do {
                c++;
            } while (b.charAt(c) != ':');
            c++;
        }
        String trimmed = b.substring(0, b.length() - 1);
        if (k < 0) {
            return trimmed;
        }
        int from = d + 2 * (k + 1);
        if (d == 0) {
            from--;
        }
        return trimmed.substring(0, d) + ":" + (from < trimmed.length() ? trimmed.substring(from) : "");
    }

    /** Whether {@code host} lies in {@code net} (an address with an optional mask at {@code maskOffset}). */
    public static boolean inNet(String host, String net, int maskOffset) {
        int[] address = toBinary(maskOffset == 0 ? net : net.substring(0, maskOffset));
        int mlen = maskOffset == 0 ? 99999 : leadingInt(net.substring(maskOffset + 1));
        int[] incoming = toBinary(host);
        if (incoming.length == 4 && incoming[0] == 0 && incoming[1] == 0 && incoming[2] == 0xffff) {
            incoming = new int[] {incoming[3]};
        }
        if (incoming.length != address.length) {
            return false;
        }
        mask(address, mlen);
        mask(incoming, mlen);
        for (int i = 0; i < address.length; i++) {
            if (address[i] != incoming[i]) {
                return false;
            }
        }
        return true;
    }

    /** The address reversed for DNS lists: {@code 4.3.2.1}, or dotted nibbles for IPv6. */
    public static String reverse(String address) {
        if (address.startsWith("::ffff:")) {
            address = address.substring(7);
        }
        int[] bin = toBinary(address);
        StringBuilder b = new StringBuilder();
        if (bin.length == 1) {
            int x = bin[0];
            for (int i = 0; i < 4; i++) {
                b.append(x & 255).append('.');
                x >>>= 8;
            }
        } else {
            for (int j = 3; j >= 0; j--) {
                int x = bin[j];
                for (int i = 0; i < 8; i++) {
                    b.append(Integer.toHexString(x & 15)).append('.');
                    x >>>= 4;
                }
            }
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    private static int hex(String s) {
        int v = 0;
        for (int i = 0; i < s.length() && Character.digit(s.charAt(i), 16) >= 0; i++) {
            v = v * 16 + Character.digit(s.charAt(i), 16);
        }
        return v;
    }

    private static int leadingInt(String s) {
        int v = 0;
        for (int i = 0; i < s.length() && isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
        }
        return v;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isXDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isSpaceChar(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }
}
