package org.osprey.mta.acl.dnslists;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.model.IpAddress;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The DNS list lookups of one dnslists condition (dnsbl.c's one_check_dnsbl): the A
 * records of {@code key.domain}, checked against the item's address list, and on a match
 * the TXT record. Answers are kept for the rest of the condition, so a domain named by
 * several items (merged lists) is asked once.
 */
final class DnslistLookups {
    /** Exim refuses a query name of 256 characters or more. */
    private static final int MAX_QUERY = 255;

    /** What one lookup says about one key. */
    sealed interface Outcome {
        /** On the list: {@code value} the returned addresses ("a, b"), {@code text} the TXT record's first string or "". */
        record Listed(String value, String text) implements Outcome {
        }

        /** Not on the list (no record, no matching record). */
        record NotListed() implements Outcome {
        }

        /** No decisive answer for {@code query}: the caller's +include_unknown, +exclude_unknown or +defer_unknown decides. */
        record Unknown(String query) implements Outcome {
        }
    }

    private final Resolver resolver;
    private final Map<String, DnsAnswer> addresses = new HashMap<>();
    private final Map<String, String> texts = new HashMap<>();

    DnslistLookups(Resolver resolver) {
        this.resolver = resolver;
    }

    /** Looks {@code prepend} (a reversed address or a name) up in the item's list. */
    Outcome check(DnslistItem item, String prepend) {
        Outcome outcome = check(item.domain(), prepend, item);
        if (outcome instanceof Outcome.Listed && item.textDomain() != null) {
            // Merged lists: the specific domain is asked, with no address restriction, for
            // the value and text that explain the match.
            return check(item.textDomain(), prepend, null);
        }
        return outcome;
    }

    /** One domain; {@code item} gives the address restriction, none when null. */
    private Outcome check(String domain, String prepend, DnslistItem item) {
        String query = prepend + "." + domain;
        if (query.length() > MAX_QUERY) {
            return new Outcome.NotListed();
        }
        DnsAnswer answer = addresses.computeIfAbsent(query, q -> DnsClient.lookup(resolver, q, Type.A));
        if (answer.status() == DnsAnswer.Status.FAILED) {
            return new Outcome.Unknown(query);
        }
        List<IpAddress> returned = new ArrayList<>();
        for (Record record : answer.records()) {
            if (record instanceof ARecord a) {
                returned.add(IpAddress.of(a.getAddress().getAddress()));
            }
        }
        if (returned.isEmpty()) {
            return new Outcome.NotListed();
        }
        boolean listed = item == null || item.addresses() == null ? returned.stream().anyMatch(DnslistLookups::inLoopbackNet)
                : matches(returned, item);
        if (!listed) {
            return new Outcome.NotListed();
        }
        List<String> value = returned.stream().map(IpAddress::toString).toList();
        return new Outcome.Listed(String.join(", ", value), texts.computeIfAbsent(query, this::text));
    }

    /**
     * Whether the returned addresses satisfy the item's list: with {@code =} one of them is
     * listed, with {@code ==} all are; {@code !} inverts either.
     */
    private static boolean matches(List<IpAddress> returned, DnslistItem item) {
        boolean decided = false;
        for (IpAddress address : returned) {
            boolean found = item.addresses().stream().anyMatch(listed -> matches(address, listed, item.bitmask()));
            // "=" stops at the first address found, "==" at the first one not found.
            if (found != item.all()) {
                decided = true;
                break;
            }
        }
        return item.negated() != item.all() ? !decided : decided;
    }

    /**
     * Whether a returned address matches one listed value: the same text, or as a bit mask
     * all of whose bits it has. A returned address outside 127.0.0.0/8 has no bits for
     * this test, and IPv6 masks are ignored, as in Exim.
     */
    private static boolean matches(IpAddress returned, String listed, boolean bitmask) {
        if (!bitmask) {
            return returned.toString().equals(listed);
        }
        int have = inLoopbackNet(returned) ? word(returned) : 0;
        Optional<IpAddress> mask = IpAddress.parse(listed).filter(m -> m.version() == 4);
        return mask.isPresent() && (word(mask.get()) & have) == word(mask.get());
    }

    /** Values outside 127.0.0.0/8 are not DNS list answers (a list whose domain was lost, say). */
    private static boolean inLoopbackNet(IpAddress address) {
        return address.version() == 4 && address.toBytes()[0] == 127;
    }

    private static int word(IpAddress ipv4) {
        int word = 0;
        for (byte b : ipv4.toBytes()) {
            word = (word << 8) | (b & 0xff);
        }
        return word;
    }

    /** The first string of the first TXT record of {@code query}, or "". */
    private String text(String query) {
        DnsAnswer answer = DnsClient.lookup(resolver, query, Type.TXT);
        if (answer.status() == DnsAnswer.Status.SUCCEED) {
            for (Record record : answer.records()) {
                if (record instanceof TXTRecord txt) {
                    List<byte[]> strings = txt.getStringsAsByteArrays();
                    return strings.isEmpty() ? "" : new String(strings.get(0), StandardCharsets.UTF_8);
                }
            }
        }
        return "";
    }
}
