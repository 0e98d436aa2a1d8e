package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.List;

/**
 * The addresses of an address header's value (From:, To:, Sender: ...), one by one as Exim's
 * parse_find_address_end and parse_extract_address see them, group syntax allowed: for the ACL's
 * {@code verify = header_syntax} and {@code verify = header_sender}.
 */
public final class HeaderAddressList {
    private HeaderAddressList() {
    }

    /**
     * One item of the list.
     *
     * @param text the item as written, between separators (not trimmed)
     * @param address the operative address, or null when there is none
     * @param hasDomain the address has a domain (is qualified)
     * @param error why there is no address ({@code "empty address"}, {@code "missing or malformed local part"} ...), or null
     */
    public record Item(String text, String address, boolean hasDomain, String error) {
    }

    /** The items of {@code value}, leading white space of each skipped, as Exim's verify_check_headers walks them. */
    public static List<Item> items(String value) {
        List<Item> out = new ArrayList<>();
        AddressParser state = new AddressParser("");
        state.allowGroup = true;
        int p = skipSpace(value, 0);
        while (p < value.length()) {
            int end = AddressParser.addressEnd(value, p);
            String text = value.substring(p, end);
            AddressParser parser = new AddressParser(text);
            parser.allowGroup = state.allowGroup;
            parser.foundGroup = state.foundGroup;
            AddressParser.Result r = parser.extract(false);
            state.allowGroup = parser.allowGroup;
            state.foundGroup = parser.foundGroup;
            out.add(r == null ? new Item(text, null, false, parser.error())
                    : new Item(text, r.address(), r.domain() > 0, null));
            p = skipSpace(value, end < value.length() ? end + 1 : end);
        }
        return out;
    }

    private static int skipSpace(String s, int p) {
        while (p < s.length() && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        return p;
    }
}
