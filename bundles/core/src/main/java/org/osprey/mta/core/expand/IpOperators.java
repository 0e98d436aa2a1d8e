package org.osprey.mta.core.expand;

import org.osprey.mta.core.lists.IpAddress;
import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code mask}, {@code ipv6norm}, {@code ipv6denorm} and {@code reverse_ip}. */
final class IpOperators {
    private IpOperators() {
    }

    static String mask(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        int type = IpAddress.versionWithMask(s);
        if (type == 0) {
            throw ExpansionException.error("\"" + s + "\" is not an IP address");
        }
        int offset = IpAddress.maskOffset(s);
        if (offset == 0) {
            throw ExpansionException.error("missing mask value in \"" + s + "\"");
        }
        String digits = s.substring(offset + 1).trim();
        int mask = digits.isEmpty() ? 0 : digits.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(digits.replace("+", ""));
        if (mask > (type == 4 ? 32 : 128)) {
            throw ExpansionException.error("mask value too big in \"" + s + "\"");
        }
        int[] bin = IpAddress.toBinary(s.substring(0, offset));
        IpAddress.mask(bin, mask);
        if (type == 4 || arg == null || !arg.startsWith("n")) {
            return IpAddress.toText(bin, mask, '.');
        }
        return IpAddress.ipv6Text(bin) + "/" + mask;
    }

    static String normalise(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        int type = IpAddress.version(s);
        int[] bin;
        if (type == 6) {
            bin = IpAddress.toBinary(s);
        } else if (type == 4) {
            bin = new int[] {0, 0, 0xffff, IpAddress.toBinary(s)[0]};
        } else {
            throw ExpansionException.error("\"" + s + "\" is not an IP address");
        }
        return Operators.base(name).equals("ipv6norm") ? IpAddress.ipv6Text(bin) : IpAddress.toText(bin, -1, ':');
    }

    static String reverse(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        if (IpAddress.versionWithMask(s) == 0) {
            throw ExpansionException.error("reverse_ip() not given an IP address [" + s + "]");
        }
        return IpAddress.reverse(s);
    }
}
