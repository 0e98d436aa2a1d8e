package org.osprey.mta.acl.dnslists;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.acl.AclContext;
import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.acl.ConditionResult;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.model.IpAddress;
import org.xbill.DNS.Resolver;

/**
 * Exim's {@code dnslists} ACL condition (dnsbl.c): whether the sending host, or the keys
 * given after a slash, are on one of a list of DNS black lists. The list is tried in
 * order until an item matches; the condition is then true and sets
 * {@code $dnslist_domain}, {@code $dnslist_matched}, {@code $dnslist_value} and
 * {@code $dnslist_text}.
 *
 * <p>A lookup that gives no decisive answer (a timeout, SERVFAIL) counts as not listed,
 * unless an earlier {@code +include_unknown} (listed) or {@code +defer_unknown} (DEFER)
 * says otherwise. Without a slash the key is the sender host's address
 * ({@code $sender_host_address}): without a sending host (local input) the condition is
 * false as soon as such an item is reached, and in the non-SMTP ACLs (those whose
 * {@link AclContext#aclName()} is {@code acl_not_smtp} or {@code acl_not_smtp_start}) such
 * an item is an error.
 *
 * <p>The resolvers are those of /etc/resolv.conf (dnsjava's {@code dns.server} system
 * property overrides them). Answers are kept for the rest of one evaluation, not for the
 * connection. Exim's log lines (an answer outside 127.0.0.0/8, a failed lookup, an
 * unknown {@code +} option) are not written: the kernel gives a condition no log.
 */
@Component(service = ConditionDriver.class)
@MtaDriver(kind = MtaDriver.CONDITION, name = "dnslists")
public final class DnslistsCondition implements ConditionDriver {
    /** Exim's names of the ACLs where no SMTP client exists, for the error message. */
    private static final Map<String, String> NON_SMTP_ACLS = Map.of(
            "acl_not_smtp", "non-SMTP", "acl_not_smtp_start", "non-SMTP-start");

    /** What to make of a lookup without a decisive answer. */
    private enum Unknown { INCLUDE, EXCLUDE, DEFER }

    private final DnsClient dns;

    public DnslistsCondition() {
        this(DnsClient::systemResolver);
    }

    /** A condition that asks the resolvers {@code resolvers} makes (tests point it at their own server). */
    DnslistsCondition(Supplier<Resolver> resolvers) {
        this.dns = new DnsClient(resolvers);
    }

    @Override
    public ConditionResult evaluate(String argument, AclContext context) {
        DnslistLookups lookups = null;
        Unknown unknown = Unknown.EXCLUDE;
        String host = null;
        for (String entry : ListItems.of(argument)) {
            if (entry.startsWith("+")) {
                // Exim logs an unknown option to the panic log and goes on.
                switch (entry.toLowerCase(Locale.ROOT)) {
                    case "+include_unknown" -> unknown = Unknown.INCLUDE;
                    case "+exclude_unknown" -> unknown = Unknown.EXCLUDE;
                    case "+defer_unknown" -> unknown = Unknown.DEFER;
                    default -> { }
                }
                continue;
            }
            DnslistItem item = DnslistItem.parse(entry);
            if (lookups == null) {
                lookups = new DnslistLookups(dns.resolver());
            }
            if (item.keys() == null) {
                String where = NON_SMTP_ACLS.get(context.aclName());
                if (where != null) {
                    return new ConditionResult.Error("cannot test auto-keyed dnslists condition in " + where + " ACL");
                }
                if (host == null) {
                    try {
                        host = context.expander().expand("$sender_host_address");
                    } catch (ExpansionException e) {
                        return new ConditionResult.Error(e.getMessage());
                    }
                }
                if (host.isEmpty()) {
                    return ConditionResult.fail();
                }
                ConditionResult result = decide(lookups.check(item, reversed(host)), item, host, unknown);
                if (!(result instanceof ConditionResult.Fail)) {
                    return result;
                }
                continue;
            }
            // Explicit keys: the first key on the list wins; a lookup without an answer
            // makes the item DEFER only when no other key is on the list.
            ConditionResult deferred = null;
            for (String key : ListItems.of(item.keys())) {
                ConditionResult result = decide(lookups.check(item, reversed(key)), item, key, unknown);
                if (result instanceof ConditionResult.Ok) {
                    return result;
                }
                if (result instanceof ConditionResult.Defer) {
                    deferred = result;
                }
            }
            if (deferred != null) {
                return deferred;
            }
        }
        return ConditionResult.fail();
    }

    /** The condition's value after one lookup of {@code key}: OK, DEFER, or FAIL to go on. */
    private static ConditionResult decide(DnslistLookups.Outcome outcome, DnslistItem item, String key, Unknown unknown) {
        if (outcome instanceof DnslistLookups.Outcome.Listed listed) {
            return new ConditionResult.Ok(Map.of("dnslist_domain", item.listedDomain(), "dnslist_matched", key,
                    "dnslist_value", listed.value(), "dnslist_text", listed.text()));
        }
        if (outcome instanceof DnslistLookups.Outcome.Unknown failed) {
            return switch (unknown) {
                // Exim leaves $dnslist_value and $dnslist_text as they were.
                case INCLUDE -> new ConditionResult.Ok(Map.of("dnslist_domain", item.listedDomain(),
                        "dnslist_matched", key));
                case EXCLUDE -> ConditionResult.fail();
                case DEFER -> new ConditionResult.Defer(
                        "DNS list lookup defer (probably timeout) for " + failed.query() + ": returned DEFER");
            };
        }
        return ConditionResult.fail();
    }

    /**
     * The name to look up for a key (Exim's invert_address): an IP address reversed, an
     * IPv4-mapped IPv6 address as its IPv4 address; anything else as it is.
     */
    static String reversed(String key) {
        String text = key.startsWith("::ffff:") && IpAddress.version(key.substring(7)) == 4 ? key.substring(7) : key;
        return IpAddress.parse(text).map(IpAddress::reversed).orElse(key);
    }
}
