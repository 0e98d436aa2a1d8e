package org.osprey.mta.lookup.lsearch;

import java.util.Arrays;

/**
 * IP addresses written as text, checked and compared as the Exim 4.96 of the reference
 * does it: string_is_ip_address as fixed for CVE-2023-42117 (the C library's inet_pton on
 * the text before any {@code /mask} or {@code %interface}), host_is_in_net for networks.
 * Its leniencies are kept: the mask is any decimal number, even empty (a mask of 0); a
 * mask longer than the address means all of it; an IPv4-mapped IPv6 address is compared
 * as IPv4, so it never falls in an IPv6 network.
 */
final class IpAddresses {
    /** The mask length used when a network has no mask: more than any address has bits. */
    private static final int ALL_BITS = 99_999;
    private static final Checked INVALID = new Checked(0, 0);
    private static final int MAX_LENGTH = 255;

    private IpAddresses() {
    }

    /**
     * The result of a check.
     *
     * @param version 4 or 6, or 0 when the text is not an address
     * @param maskOffset the index of the mask's slash, 0 when there is none
     */
    record Checked(int version, int maskOffset) {
    }

    /** The IP version of a plain address (no mask allowed): 4 or 6, or 0 when it is not one. */
    static int version(String s) {
        return check(s, false).version();
    }

    /** A network is an address with an optional {@code /bits} mask. */
    static Checked checkNetwork(String s) {
        return check(s, true);
    }

    private static Checked check(String s, boolean maskAllowed) {
        int end = -1;
        int maskOffset = 0;
        int slash = s.indexOf('/');
        if (slash >= 0) {
            if (!maskAllowed) {
                return INVALID;
            }
            long[] mask = strtol(s, slash + 1);
            if (mask[1] < s.length() || mask[0] < 0) {
                return INVALID;
            }
            maskOffset = slash;
            end = slash;
        }
        int percent = s.indexOf('%');
        if (percent >= 0) {
            if (slash >= 0) {
                return INVALID;
            }
            for (int i = percent + 1; i < s.length(); i++) {
                if (s.charAt(i) <= ' ' || s.charAt(i) >= 0x7f) {
                    return INVALID;
                }
            }
            end = percent;
        }
        if (end > MAX_LENGTH) {
            return INVALID;
        }
        String address = end < 0 ? s : s.substring(0, end);
        if (address.indexOf(':') >= 0) {
            return ipv6Bytes(address) == null ? INVALID : new Checked(6, maskOffset);
        }
        return percent >= 0 || ipv4Bytes(address, 0) == null ? INVALID : new Checked(4, maskOffset);
    }

    /**
     * Whether address {@code host} is in network {@code net} (host_is_in_net); both must
     * have passed the checks above.
     *
     * @param maskOffset the index of the network's mask slash, 0 when it has none
     */
    static boolean inNetwork(String host, String net, int maskOffset) {
        int[] network = words(net);
        int bits = maskOffset == 0 ? ALL_BITS : (int) strtol(net, maskOffset + 1)[0];
        int[] incoming = words(host);
        if (incoming.length == 4 && incoming[0] == 0 && incoming[1] == 0 && incoming[2] == 0xffff) {
            incoming = new int[] {incoming[3]};
        }
        if (incoming.length != network.length) {
            return false;
        }
        for (int i = 0; i < network.length; i++) {
            int mask;
            if (bits <= 0) {
                mask = 0;
            } else if (bits < 32) {
                mask = -1 << (32 - bits);
                bits = 0;
            } else {
                mask = -1;
                bits -= 32;
            }
            if ((incoming[i] & mask) != (network[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    /** A checked address (mask and interface ignored) as one 32-bit word for IPv4, four for IPv6. */
    private static int[] words(String text) {
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '/' || text.charAt(i) == '%') {
                end = i;
                break;
            }
        }
        String address = text.substring(0, end);
        byte[] bytes = address.indexOf(':') >= 0 ? ipv6Bytes(address) : ipv4Bytes(address, 0);
        int[] words = new int[bytes.length / 4];
        for (int i = 0; i < bytes.length; i++) {
            words[i / 4] = (words[i / 4] << 8) | (bytes[i] & 0xff);
        }
        return words;
    }

    /** inet_pton for IPv4 from {@code start}: four decimal parts of 0 to 255, no leading zeros; or null. */
    private static byte[] ipv4Bytes(String s, int start) {
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
                if (value > 255) {
                    return null;
                }
                if (!digits) {
                    if (++parts > 4) {
                        return null;
                    }
                    digits = true;
                }
                bytes[parts - 1] = (byte) value;
            } else if (c == '.' && digits) {
                if (parts == 4) {
                    return null;
                }
                value = 0;
                digits = false;
            } else {
                return null;
            }
        }
        return parts == 4 && digits ? bytes : null;
    }

    /**
     * inet_pton for IPv6: up to eight groups of one to four hex digits, one {@code ::}
     * standing for at least one group of zeros, an IPv4 address in place of the last two
     * groups; or null.
     */
    private static byte[] ipv6Bytes(String s) {
        byte[] bytes = new byte[16];
        int filled = 0;
        int gap = -1;
        int at = 0;
        if (s.isEmpty()) {
            return null;
        }
        if (s.charAt(0) == ':') {
            if (s.length() < 2 || s.charAt(1) != ':') {
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
                byte[] ipv4 = ipv4Bytes(s, groupStart);
                if (ipv4 == null) {
                    return null;
                }
                System.arraycopy(ipv4, 0, bytes, filled, 4);
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

    /**
     * C's strtol in base 10 from {@code start}: leading white space, an optional sign,
     * digits. Gives the value and the index where the number ends, which is {@code start}
     * itself when there are no digits.
     */
    private static long[] strtol(String s, int start) {
        int at = start;
        while (at < s.length() && Text.isSpace(s.charAt(at))) {
            at++;
        }
        boolean negative = false;
        if (at < s.length() && (s.charAt(at) == '+' || s.charAt(at) == '-')) {
            negative = s.charAt(at++) == '-';
        }
        int digits = at;
        long value = 0;
        while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') {
            value = Math.min(Integer.MAX_VALUE, value * 10 + s.charAt(at++) - '0');
        }
        return at == digits ? new long[] {0, start} : new long[] {negative ? -value : value, at};
    }
}
