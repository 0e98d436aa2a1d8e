package org.osprey.mta.core.expand;

import java.util.Optional;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.IpAddress;

/** {@code mask}, {@code ipv6norm}, {@code ipv6denorm} and {@code reverse_ip}. */
final class IpOperators {
    private static final String MAPPED = "::ffff:";

    private IpOperators() {
    }

    static String mask(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        Optional<IpAddress.Network> network = IpAddress.parseNetwork(s);
        if (network.isEmpty()) {
            throw ExpansionException.error("\"" + s + "\" is not an IP address");
        }
        if (network.get().mask().isEmpty()) {
            throw ExpansionException.error("missing mask value in \"" + s + "\"");
        }
        IpAddress address = network.get().address();
        int mask = network.get().mask().getAsInt();
        if (mask < 0 || mask > (address.version() == 4 ? 32 : 128)) {
            throw ExpansionException.error("mask value too big in \"" + s + "\"");
        }
        IpAddress masked = address.masked(mask);
        if (address.version() == 4 || arg == null || !arg.startsWith("n")) {
            return masked.expanded('.') + "/" + mask;
        }
        return masked.compressed() + "/" + mask;
    }

    static String normalise(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        IpAddress address = IpAddress.parse(s)
                .orElseThrow(() -> ExpansionException.error("\"" + s + "\" is not an IP address")).toIpv6();
        return Operators.base(name).equals("ipv6norm") ? address.compressed() : address.expanded(':');
    }

    static String reverse(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        Optional<IpAddress.Network> network = IpAddress.parseNetwork(s);
        if (network.isEmpty()) {
            throw ExpansionException.error("reverse_ip() not given an IP address [" + s + "]");
        }
        if (!s.startsWith(MAPPED)) {
            return network.get().address().reversed();
        }
        return hostAton(s.substring(MAPPED.length())).reversed();
    }

    /**
     * What Exim's invert_address reverses for an address written {@code ::ffff:...}: it drops
     * those seven characters from the text and reads the rest with host_aton, which trusts
     * its text to be a checked address. The rest may not be one ({@code ::ffff:abcd:1234}
     * leaves {@code abcd:1234}, which Exim reverses as {@code abcd::1234}), so only here is
     * host_aton's own reading kept, rather than the kernel's: IPv6 groups split at colons up
     * to any {@code %}, the missing groups inserted after the empty one that {@code ::}
     * leaves (after the first group when there is none), an IPv4 tail; IPv4 as the leading
     * decimal digits of up to four dot-separated parts (where Exim's sscanf reads nothing it
     * leaves the byte undefined; here it is 0).
     */
    private static IpAddress hostAton(String address) {
        int v4offset = 0;
        int[] bin = new int[4];
        if (address.indexOf(':') >= 0) {
            String p = address;
            String[] component = new String[8];
            int ci = 0;
            int nulloffset = 0;
            int v6count = 8;
            boolean ipv4ends = false;
            int i = p.startsWith(":") ? 1 : 0;
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
                bin[k / 2] = (leadingNumber(component[k], 16) << 16) + leadingNumber(component[k + 1], 16);
            }
            if (!ipv4ends) {
                return fromWords(bin, 4);
            }
        }
        int[] x = new int[4];
        String[] parts = address.split("\\.", -1);
        for (int k = 0; k < 4 && k < parts.length; k++) {
            x[k] = leadingNumber(parts[k], 10);
        }
        bin[v4offset] = (x[0] << 24) + (x[1] << 16) + (x[2] << 8) + x[3];
        return fromWords(bin, v4offset + 1);
    }

    private static IpAddress fromWords(int[] words, int count) {
        byte[] bytes = new byte[count == 1 ? 4 : 16];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (words[i / 4] >>> (24 - 8 * (i % 4)));
        }
        return IpAddress.of(bytes);
    }

    /** The number that the leading digits of {@code s} in the radix make (0 without any). */
    private static int leadingNumber(String s, int radix) {
        int v = 0;
        for (int i = 0; i < s.length() && s.charAt(i) < 0x80 && Character.digit(s.charAt(i), radix) >= 0; i++) {
            v = v * radix + Character.digit(s.charAt(i), radix);
        }
        return v;
    }
}
