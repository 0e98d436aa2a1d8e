package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code address}, {@code domain}, {@code local_part} and {@code addresses}: parts of RFC 2822 addresses. */
final class AddressOperators {
    private AddressOperators() {
    }

    /** address, domain and local_part: empty when the text holds no valid address. */
    static String extract(Evaluation ev, String name, String arg, String s) {
        AddressParser.Result r = new AddressParser(s).extract(false);
        if (r == null) {
            return "";
        }
        String base = Operators.base(name);
        if (base.equals("domain")) {
            return r.domain() > 0 ? r.address().substring(r.domain()) : "";
        }
        if (base.equals("local_part") && r.domain() > 0) {
            return r.address().substring(0, r.domain() - 1);
        }
        return r.address();
    }

    /** The addresses of a header-style list, colon-separated (or by the character after a leading {@code >}). */
    static String addresses(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        int p = 0;
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        char sep = ':';
        if (p < s.length() && s.charAt(p) == '>') {
            if (p + 1 >= s.length()) {
                throw ExpansionException.error("output separator missing in expanding ${addresses:" + s.substring(p) + "}");
            }
            sep = s.charAt(p + 1);
            p += 2;
        }
        StringBuilder out = new StringBuilder();
        AddressParser state = new AddressParser("");
        state.allowGroup = true;
        String doubled = String.valueOf(sep);
        for (;;) {
            int end = AddressParser.addressEnd(s, p);
            AddressParser parser = new AddressParser(s.substring(p, end));
            parser.allowGroup = state.allowGroup;
            parser.foundGroup = state.foundGroup;
            AddressParser.Result r = parser.extract(false);
            state.allowGroup = parser.allowGroup;
            state.foundGroup = parser.foundGroup;
            if (r != null) {
                String address = r.address();
                if (out.length() > 0 && !address.isEmpty() && address.charAt(0) == sep) {
                    out.append(' ');
                }
                out.append(address.replace(doubled, doubled + doubled)).append(sep);
            }
            if (end >= s.length()) {
                break;
            }
            p = end + 1;
        }
        if (out.length() > 0) {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }
}
