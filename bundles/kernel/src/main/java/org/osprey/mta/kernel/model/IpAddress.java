package org.osprey.mta.kernel.model;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * An IPv4 or IPv6 address, read from text and written as text as Exim 4.96 (Debian's
 * build) does it. For drivers and the engine alike, wherever Exim takes an address or a
 * network from a string: list items, lookup keys, expansion operators, DNS names.
 *
 * <p>Reading is Exim's string_is_ip_address as fixed for CVE-2023-42117: the text must be
 * what the C library's inet_pton accepts, so {@code 01.2.3.4} (a leading zero),
 * {@code 1.2.3}, {@code " 1.2.3.4"} (white space) and {@code 1.2.3.4.} are not addresses;
 * an IPv6 address may end in an IPv4 one ({@code ::ffff:1.2.3.4}) and may be followed by
 * an interface ({@code fe80::1%eth0}: printable ASCII after the {@code %}), which is
 * accepted and dropped. An IPv4 address never has an interface. A {@link Network} adds an
 * optional {@code /mask}.
 *
 * <p>Writing: {@link #toString()} as inet_ntop writes (Exim's dnsdb output),
 * {@link #compressed()} as Exim's own ipv6_nmtoa ({@code ipv6norm}), {@link #expanded}
 * as host_nmtoa ({@code ipv6denorm}, {@code mask}, net-lookup keys) and
 * {@link #reversed()} as invert_address ({@code reverse_ip}, DNS list and PTR names).
 *
 * <p>Immutable. Two addresses are equal when their bytes are: an IPv4 address and its
 * IPv4-mapped IPv6 form are different addresses. Text that is not an address is never an
 * exception: {@link #parse} and {@link #parseNetwork} say so with an empty result.
 */
public final class IpAddress {
    /** The mask length Exim gives a network written without one: more bits than any address has. */
    private static final int ALL_BITS = 99_999;

    /** Four bytes for IPv4, sixteen for IPv6, most significant first; never handed out. */
    private final byte[] bytes;

    private IpAddress(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * An address with a mask, as Exim writes one in host lists and iplsearch keys:
     * {@code 192.168.0.0/16}, {@code 2001:db8::/32}, or an address alone.
     *
     * <p>Exim's leniencies are kept. The mask is whatever C's strtol reads to the end of
     * the text in base 10 that is not negative: white space and a sign may lead, and the
     * empty mask ({@code 1.2.3.4/}) reads as 0. An interface and a mask never go together.
     * The length is used as Exim's host_is_in_net uses it: read with atoi, so cut to 32
     * bits; longer than the address means all of it; a length that the cut makes negative
     * acts as it does in Exim on x86-64.
     *
     * @param address the address as written (the mask is applied when matching, not here)
     * @param mask the mask length, or empty when there is no slash
     */
    public record Network(IpAddress address, OptionalInt mask) {
        public Network {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(mask, "mask");
        }

        /**
         * Whether {@code host} is in this network (Exim's host_is_in_net). An IPv4-mapped
         * IPv6 host ({@code ::ffff:1.2.3.4}) is compared as its IPv4 address, so it is in
         * IPv4 networks and never in an IPv6 one; otherwise IPv4 and IPv6 never match.
         */
        public boolean contains(IpAddress host) {
            int[] incoming = words(host.bytes);
            if (incoming.length == 4 && incoming[0] == 0 && incoming[1] == 0 && incoming[2] == 0xffff) {
                incoming = new int[] {incoming[3]};
            }
            int[] network = words(address.bytes);
            if (incoming.length != network.length) {
                return false;
            }
            int[] masks = wordMasks(network.length, mask.orElse(ALL_BITS));
            for (int i = 0; i < network.length; i++) {
                if ((incoming[i] & masks[i]) != (network[i] & masks[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The address of these bytes: 4 for IPv4, 16 for IPv6 (copied). */
    public static IpAddress of(byte[] bytes) {
        if (bytes.length != 4 && bytes.length != 16) {
            throw new IllegalArgumentException("an IP address has 4 or 16 bytes, not " + bytes.length);
        }
        return new IpAddress(bytes.clone());
    }

    /** The address the text is, without a mask; empty when it is not one. */
    public static Optional<IpAddress> parse(String text) {
        return text.indexOf('/') >= 0 ? Optional.empty() : Optional.ofNullable(read(text));
    }

    /** 4 or 6 when the text is an IPv4 or IPv6 address without a mask, else 0 (Exim's isip4, isip6). */
    public static int version(String text) {
        return parse(text).map(IpAddress::version).orElse(0);
    }

    /** Whether the text is an IP address without a mask (Exim's isip). */
    public static boolean isValid(String text) {
        return version(text) != 0;
    }

    /** The network the text is: an address, optionally with {@code /mask}; empty when it is not one. */
    public static Optional<Network> parseNetwork(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            return Optional.ofNullable(read(text)).map(a -> new Network(a, OptionalInt.empty()));
        }
        CNumbers.Parsed mask = CNumbers.strtol(text, slash + 1, 10);
        String address = text.substring(0, slash);
        if (mask.end() != text.length() || mask.value() < 0 || address.indexOf('%') >= 0) {
            return Optional.empty();
        }
        return Optional.ofNullable(read(address)).map(a -> new Network(a, OptionalInt.of((int) mask.value())));
    }

    /** 4 or 6. */
    public int version() {
        return bytes.length == 4 ? 4 : 6;
    }

    /** The address's bytes, most significant first: 4 for IPv4, 16 for IPv6 (a copy). */
    public byte[] toBytes() {
        return bytes.clone();
    }

    /** The address as IPv6: an IPv4 address becomes its IPv4-mapped form {@code ::ffff:a.b.c.d}. */
    public IpAddress toIpv6() {
        if (bytes.length == 16) {
            return this;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return new IpAddress(mapped);
    }

    /** The address with only its {@code bits} most significant bits kept, all of them when negative (host_mask). */
    public IpAddress masked(int bits) {
        int[] words = words(bytes);
        int[] masks = wordMasks(words.length, bits < 0 ? ALL_BITS : bits);
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) (bytes[i] & (masks[i / 4] >>> (24 - 8 * (i % 4))));
        }
        return new IpAddress(out);
    }

    /**
     * As the C library's inet_ntop writes it: a dotted quad; or IPv6 in lower-case hex
     * without leading zeros, the first longest run of two or more zero groups written
     * {@code ::}, and the last 32 bits as a dotted quad after {@code ::} or
     * {@code ::ffff:} (IPv4-compatible and IPv4-mapped addresses).
     */
    @Override
    public String toString() {
        if (bytes.length == 4) {
            return dotted(bytes, 0);
        }
        int[] groups = groups();
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; i++) {
            int length = 0;
            while (i + length < 8 && groups[i + length] == 0) {
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
            if (i == 6 && bestStart == 0 && (bestLength == 6 || (bestLength == 5 && groups[5] == 0xffff))) {
                text.append(dotted(bytes, 12));
                break;
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }

    /**
     * As Exim's ipv6_nmtoa writes an IPv6 address (the {@code ipv6norm} operator): groups in
     * lower-case hex without leading zeros, the first longest run of zero groups, even a
     * single one, written {@code ::}; the all-zero address comes out as {@code :}. An IPv4
     * address is written as a dotted quad.
     */
    public String compressed() {
        if (bytes.length == 4) {
            return dotted(bytes, 0);
        }
        StringBuilder text = new StringBuilder();
        for (int group : groups()) {
            text.append(Integer.toHexString(group)).append(':');
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

    /**
     * As Exim's host_nmtoa writes it (without a mask): a dotted quad, or the eight IPv6
     * groups as four lower-case hex digits each, joined by {@code separator}
     * ({@code ipv6denorm} uses {@code :}, the {@code mask} operator {@code .}).
     */
    public String expanded(char separator) {
        if (bytes.length == 4) {
            return dotted(bytes, 0);
        }
        StringBuilder text = new StringBuilder();
        for (int group : groups()) {
            if (!text.isEmpty()) {
                text.append(separator);
            }
            String hex = Integer.toHexString(group);
            text.append("0000", hex.length(), 4).append(hex);
        }
        return text.toString();
    }

    /**
     * As Exim's invert_address writes it, for DNS lists and PTR names (the caller adds the
     * domain): IPv4 bytes last first ({@code 4.3.2.1}); IPv6 nibbles last first, dotted.
     */
    public String reversed() {
        StringBuilder text = new StringBuilder();
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes.length == 4) {
                text.append(bytes[i] & 0xff).append('.');
            } else {
                text.append(Character.forDigit(bytes[i] & 0xf, 16)).append('.')
                        .append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append('.');
            }
        }
        return text.substring(0, text.length() - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IpAddress other && Arrays.equals(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The eight 16-bit groups of an IPv6 address. */
    private int[] groups() {
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        }
        return groups;
    }

    private static String dotted(byte[] b, int at) {
        return (b[at] & 0xff) + "." + (b[at + 1] & 0xff) + "." + (b[at + 2] & 0xff) + "." + (b[at + 3] & 0xff);
    }

    /** The address as Exim's host_aton gives it: one 32-bit word for IPv4, four for IPv6. */
    private static int[] words(byte[] bytes) {
        int[] words = new int[bytes.length / 4];
        for (int i = 0; i < bytes.length; i++) {
            words[i / 4] = (words[i / 4] << 8) | (bytes[i] & 0xff);
        }
        return words;
    }

    /**
     * The mask of each word for a mask length, as host_is_in_net and host_mask build it. A
     * negative length is taken as the C code takes it on x86-64, where a shift count is
     * used modulo 32, as Java's is.
     */
    private static int[] wordMasks(int count, int bits) {
        int[] masks = new int[count];
        for (int i = 0; i < count; i++) {
            if (bits == 0) {
                masks[i] = 0;
            } else if (bits < 32) {
                masks[i] = -1 << (32 - bits);
                bits = 0;
            } else {
                masks[i] = -1;
                bits -= 32;
            }
        }
        return masks;
    }

    /** An address without a mask, an IPv6 one perhaps with an interface; null when it is not one. */
    private static IpAddress read(String text) {
        String address = text;
        int percent = text.indexOf('%');
        if (percent >= 0) {
            for (int i = percent + 1; i < text.length(); i++) {
                if (text.charAt(i) <= ' ' || text.charAt(i) >= 0x7f) {
                    return null;
                }
            }
            address = text.substring(0, percent);
            if (address.indexOf(':') < 0) {
                return null;
            }
        }
        byte[] bytes = address.indexOf(':') >= 0 ? ipv6(address) : ipv4(address, 0);
        return bytes == null ? null : new IpAddress(bytes);
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

    /**
     * inet_pton for IPv6: up to eight groups of one to four hex digits, one {@code ::}
     * standing for at least one group of zeros, an IPv4 address in place of the last two
     * groups; or null.
     */
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
