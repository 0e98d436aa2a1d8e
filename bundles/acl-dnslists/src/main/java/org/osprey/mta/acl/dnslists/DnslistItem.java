package org.osprey.mta.acl.dnslists;

import java.util.List;

/**
 * One domain item of a dnslists condition, as dnsbl.c takes it apart:
 * {@code [txtdomain,]domain[!][=|==|=&|&]addresses[/keys]}. The keys come off first at the
 * first {@code /}; then an {@code =}, or failing that an {@code &}, starts the address
 * list, negated by a {@code !} just before it; {@code ==} and {@code =&} ask that every
 * address the list returns match. A comma in what is left gives the domain whose TXT
 * record explains a match before the domain that is looked up.
 *
 * @param domain the DNS list's domain, looked up first
 * @param textDomain the domain given before a comma, looked up once {@code domain} matches,
 *        for the TXT record and {@code $dnslist_domain}; null when there is none
 * @param addresses the addresses or bit masks a returned address must match; null when any does
 * @param bitmask whether {@code addresses} are bit masks
 * @param negated whether the match is inverted ({@code !=}, {@code !&}, {@code !==}, {@code !=&})
 * @param all whether every returned address must match ({@code ==}, {@code =&})
 * @param keys the list after the slash (names or IP addresses), null for the sender host's address
 */
record DnslistItem(String domain, String textDomain, List<String> addresses, boolean bitmask, boolean negated,
        boolean all, String keys) {

    static DnslistItem parse(String item) {
        String keys = null;
        String text = item;
        int slash = text.indexOf('/');
        if (slash >= 0) {
            keys = text.substring(slash + 1);
            text = text.substring(0, slash);
        }
        List<String> addresses = null;
        boolean bitmask = false;
        boolean negated = false;
        boolean all = false;
        int at = text.indexOf('=');
        if (at < 0) {
            at = text.indexOf('&');
            bitmask = at >= 0;
        }
        if (at >= 0) {
            String list = text.substring(at + 1);
            negated = at > 0 && text.charAt(at - 1) == '!';
            text = text.substring(0, negated ? at - 1 : at);
            if (!bitmask && (list.startsWith("=") || list.startsWith("&"))) {
                bitmask = list.charAt(0) == '&';
                all = true;
                list = list.substring(1);
            }
            addresses = ListItems.of(list, ',');
        }
        int comma = text.indexOf(',');
        if (comma >= 0) {
            return new DnslistItem(text.substring(comma + 1), text.substring(0, comma), addresses, bitmask, negated,
                    all, keys);
        }
        return new DnslistItem(text, null, addresses, bitmask, negated, all, keys);
    }

    /** The domain {@code $dnslist_domain} names on a match. */
    String listedDomain() {
        return textDomain != null ? textDomain : domain;
    }
}
