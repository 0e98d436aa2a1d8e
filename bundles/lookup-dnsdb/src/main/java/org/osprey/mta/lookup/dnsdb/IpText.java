package org.osprey.mta.lookup.dnsdb;

import java.util.Arrays;

/**
 * IP addresses as text, as Exim's dnsdb treats them: recognised as Exim 4.96 (with the
 * CVE-2023-42117 fix) recognises them, with the C library's inet_pton (an IPv6 address may
 * carry a {@code %interface}); turned into the names of their PTR records; and written as
 * inet_ntop writes them.
 */
final class IpText {
    private IpText() {
    }

    /** Whether the text is an IPv4 or IPv6 address, without a mask. */
    static boolean isAddress(String text) {
        return bytes(text) != null;
    }

    /**
     * The address's bytes (4 or 16), or null when it is not an address. An interface
     * ({@code %eth0}) is allowed after an IPv6 address and ignored; a mask is not allowed.
     */
    static byte[] bytes(String text) {
        if (text.indexOf('/') >= 0) {
            return null;
        }
        String address = text;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            for (int i = percent + 1; i < text.length(); i++) {
                if (text.charAt(i) <= ' ' || text.charAt(i) >= 0x7f) {
                    return null;
                }
            }
            address = text.substring(0, percent);
            if (address.length() > 255 || address.indexOf(':') < 0) {
                return null;
            }
        }
        return address.indexOf(':') >= 0 ? ipv6(address) : ipv4(address, 0);
    }

    /**
     * The name of the address's PTR record, as Exim's dns_build_reverse writes it:
     * {@code 4.3.2.1.in-addr.arpa}, or 32 nibbles and {@code ip6.arpa.}.
     */
    static String reverseName(String text) {
        byte[] address = bytes(text);
        StringBuilder name = new StringBuilder();
        if (address.length == 4) {
            for (int i = 3; i >= 0; i--) {
                name.append(address[i] & 0xff).append('.');
            }
            return name.append("in-addr.arpa").toString();
        }
        for (int i = 15; i >= 0; i--) {
            name.append(Character.forDigit(address[i] & 0xf, 16)).append('.')
                    .append(Character.forDigit((address[i] >> 4) & 0xf, 16)).append('.');
        }
        return name.append("ip6.arpa.").toString();
    }

    /** An address as inet_ntop writes it: dotted quad, or IPv6 with the longest run of zero groups as {@code ::}. */
    static String format(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xff) + "." + (address[1] & 0xff) + "." + (address[2] & 0xff) + "."
                    + (address[3] & 0xff);
        }
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && words[i + length] == 0) {
                length++;
            }
            if (length > bestLength) {
                bestStart = i;
                bestLength = length;
            }
            i += length;
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append(':');
                i += bestLength - 1;
                if (i == 7) {
                    text.append(':');
                }
                continue;
            }
            if (i > 0) {
                text.append(':');
            }
            if (i == 6 && bestStart == 0 && (bestLength == 6 || (bestLength == 5 && words[5] == 0xffff))) {
                text.append(format(Arrays.copyOfRange(address, 12, 16)));
                break;
            }
            text.append(Integer.toHexString(words[i]));
        }
        return text.toString();
    }

    /** inet_pton for IPv4 from {@code start}: four decimal parts of 0 to 255, no leading zeros; or null. */
    private static byte[] ipv4(String s, int start) {
        byte[] bytes = new byte[4];
        int parts = 0;
        int value = 0;
        boolean digits = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits && value == 0) {
                    return null;
                }
                value = value * 10 + c - '0';
                if (value > 255 || (!digits && ++parts > 4)) {
                    return null;
                }
                digits = true;
                bytes[parts - 1] = (byte) value;
            } else if (c == '.' && digits && parts < 4) {
                value = 0;
                digits = false;
            } else {
                return null;
            }
        }
        return parts == 4 && digits ? bytes : null;
    }

    /** inet_pton for IPv6: up to eight groups of hex digits, one {@code ::}, an optional IPv4 tail; or null. */
    private static byte[] ipv6(String s) {
        byte[] bytes = new byte[16];
        int filled = 0;
        int gap = -1;
        int at = 0;
        if (s.startsWith(":")) {
            if (!s.startsWith("::")) {
                return null;
            }
            at = 1;
        }
        int groupStart = at;
        int digits = 0;
        int value = 0;
        while (at < s.length()) {
            char c = s.charAt(at++);
            int digit = c < 0x80 ? Character.digit(c, 16) : -1;
            if (digit >= 0) {
                if (digits == 4) {
                    return null;
                }
                value = (value << 4) | digit;
                digits++;
            } else if (c == ':') {
                groupStart = at;
                if (digits == 0) {
                    if (gap >= 0) {
                        return null;
                    }
                    gap = filled;
                    continue;
                }
                if (at == s.length() || filled + 2 > 16) {
                    return null;
                }
                bytes[filled++] = (byte) (value >> 8);
                bytes[filled++] = (byte) value;
                digits = 0;
                value = 0;
            } else if (c == '.' && filled + 4 <= 16) {
                byte[] tail = ipv4(s, groupStart);
                if (tail == null) {
                    return null;
                }
                System.arraycopy(tail, 0, bytes, filled, 4);
                filled += 4;
                digits = 0;
                break;
            } else {
                return null;
            }
        }
        if (digits > 0) {
            if (filled + 2 > 16) {
                return null;
            }
            bytes[filled++] = (byte) (value >> 8);
            bytes[filled++] = (byte) value;
        }
        if (gap >= 0) {
            if (filled == 16) {
                return null;
            }
            int moved = filled - gap;
            System.arraycopy(bytes, gap, bytes, 16 - moved, moved);
            Arrays.fill(bytes, gap, 16 - moved, (byte) 0);
            filled = 16;
        }
        return filled == 16 ? bytes : null;
    }
}
