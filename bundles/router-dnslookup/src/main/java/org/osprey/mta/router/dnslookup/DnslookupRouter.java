package org.osprey.mta.router.dnslookup;

import static org.osprey.mta.router.dnslookup.DnslookupOptions.CHECK_SECONDARY_MX;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.CHECK_SRV;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.FAIL_DEFER_DOMAINS;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.IPV4_ONLY;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.IPV4_PREFER;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.MX_DOMAINS;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.MX_FAIL_DOMAINS;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.QUALIFY_SINGLE;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.REWRITE_HEADERS;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.SEARCH_PARENTS;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.SRV_FAIL_DOMAINS;
import static org.osprey.mta.router.dnslookup.DnslookupOptions.WIDEN_DOMAINS;

import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.IpAddress;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionValueException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

/**
 * One configured dnslookup router: dnslookup_router_entry of Exim 4.96's routers/dnslookup.c.
 *
 * <p>The domain is looked up in the DNS (SRV records first when {@code check_srv} is set,
 * then MX, then A and AAAA), then, while that fails, the domain with each of
 * {@code widen_domains} added. A domain found under another name ({@code qualify_single},
 * {@code search_parents}, widening, a CNAME) is rerouted under that name. When the best MX
 * is this host, the generic {@code self} option decides; otherwise the address is accepted
 * for the hosts found.
 *
 * <p>What the engine does for every router is not done here: the hosts come with
 * {@code ignore_target_hosts} applied and this host recognised, the generic
 * {@code dnssec_request_domains} and {@code dnssec_require_domains} are matched by the
 * engine's host finder, {@code pass_on_timeout} turns the deferral for a DNS timeout
 * into a pass, and errors_to, headers_add and the transport are the engine's.
 */
final class DnslookupRouter implements Router {
    static final String SELF_REASON = "lowest numbered MX record points to local host";

    private final String name;
    private final OptionValues options;
    private final boolean rewriteHeaders;
    private final List<String> widenDomains;

    DnslookupRouter(String name, OptionValues options) {
        this.name = name;
        this.options = options;
        this.rewriteHeaders = options.get(REWRITE_HEADERS);
        String widen = options.get(WIDEN_DOMAINS);
        this.widenDomains = widen == null ? null : StringList.items(widen);
    }

    @Override
    public RouterResult route(Address address, RoutingContext context) {
        Set<DnsQuery.Records> records = EnumSet.of(DnsQuery.Records.MX, DnsQuery.Records.ADDRESS);
        String srvService = null;
        if (options.isSet(CHECK_SRV)) {
            try {
                srvService = options.expand(CHECK_SRV, context.expander());
            } catch (ExpansionException e) {
                if (!e.isForcedFailure()) {
                    return RouterResult.defer(name + " router: failed to expand \"" + options.text(CHECK_SRV).get()
                            + "\": " + e.getMessage());
                }
                // Exim documents a forced failure as "check_srv ignored", but 4.96 still asks
                // for SRV records, naming the service with its printf's "NULL" (_NULL._tcp.domain).
                srvService = "NULL";
            } catch (OptionValueException e) {
                throw new IllegalStateException("a string option always parses", e);
            }
            records.add(DnsQuery.Records.SRV);
        }

        // Changing the name (widening, the resolver's qualification) is not done for a
        // sender being verified when the headers would need rewriting: those rewrites are
        // made only at delivery, and a sender is never delivered to.
        boolean mayChangeName = context.purpose() != RoutingContext.Purpose.VERIFY_SENDER || !rewriteHeaders
                || address.parent().isPresent();
        Iterator<String> widen = widenDomains != null && mayChangeName ? widenDomains.iterator()
                : List.<String>of().iterator();

        boolean localHostRemoved = false;
        boolean original = true;
        while (true) {
            String lookupName;
            if (original) {
                lookupName = address.domain();
                original = false;
            } else if (widen.hasNext()) {
                lookupName = address.domain() + "." + widen.next();
            } else {
                return RouterResult.decline();
            }

            Condition ipv4Only = condition(IPV4_ONLY, context);
            if (ipv4Only.deferred() != null) {
                return RouterResult.defer(ipv4Only.deferred());
            }
            Condition ipv4First = condition(IPV4_PREFER, context);
            if (ipv4First.deferred() != null) {
                return RouterResult.defer(ipv4First.deferred());
            }
            DnsQuery query = new DnsQuery(records, srvService,
                    mayChangeName && options.get(QUALIFY_SINGLE), mayChangeName && options.get(SEARCH_PARENTS),
                    srvService != null && matches(SRV_FAIL_DOMAINS, lookupName, context) == MatchResult.MATCH,
                    matches(MX_FAIL_DOMAINS, lookupName, context) == MatchResult.MATCH,
                    false, false, ipv4Only.value(), ipv4First.value());
            HostLookup found = context.hosts().byDns(lookupName, query);
            localHostRemoved |= found.localHostRemoved();
            String fullName = found.fullyQualifiedName();
            Host first = found.hosts().isEmpty() ? null : found.hosts().get(0);

            // Address records alone do not do for a domain in mx_domains (nor does a
            // lookup with SRV records asked for, the option's name notwithstanding).
            if ((found.status() == HostLookup.Status.FOUND || found.status() == HostLookup.Status.FOUND_LOCAL)
                    && first != null && first.mx() < 0) {
                MatchResult mx = matches(MX_DOMAINS, fullName, context);
                if (mx == MatchResult.DEFER) {
                    return RouterResult.defer("lookup defer for mx_domains");
                }
                if (mx == MatchResult.MATCH) {
                    continue;
                }
            }
            switch (found.status()) {
                case SECURITY:
                    return RouterResult.defer("host lookup done insecurely");
                case AGAIN:
                    return RouterResult.defer("host lookup did not complete");
                case FAILED:
                    break;
                default:
                    return routeFound(address, context, found, localHostRemoved);
            }

            MatchResult failDefer = matches(FAIL_DEFER_DOMAINS, fullName, context);
            if (failDefer == MatchResult.DEFER) {
                return RouterResult.defer("lookup defer for fail_defer_domains option");
            }
            if (failDefer == MatchResult.MATCH) {
                return RouterResult.defer("missing MX, or all MXs point to missing A records, and defer requested");
            }
            // MX or SRV records that name no usable host: no widening then, and a message
            // that says so rather than "Unrouteable address".
            if (first != null && first.mx() >= 0 && first.address() == null) {
                if (first.name().isEmpty()) {
                    return RouterResult.decline("an MX or SRV record indicated no SMTP service");
                }
                String message = "all relevant MX records point to non-existent hosts";
                if (IpAddress.parse(first.name()).isPresent()) {
                    message += " or (invalidly) to IP addresses";
                }
                return RouterResult.decline(message);
            }
        }
    }

    private RouterResult routeFound(Address address, RoutingContext context, HostLookup found,
            boolean localHostRemoved) {
        String fullName = found.fullyQualifiedName();
        // Some resolvers give the name back in another case: Exim then only copies the DNS's
        // case into the address (for RCPT TO); a router here cannot change the address it
        // accepts, so it keeps the case it came with.
        if (!address.domain().equals(fullName)
                && !address.domain().toLowerCase(Locale.ROOT).equals(fullName.toLowerCase(Locale.ROOT))) {
            return context.changeDomain(address, fullName, rewriteHeaders);
        }
        if (found.status() == HostLookup.Status.FOUND_LOCAL) {
            return context.selfReference(address, found.hosts(), SELF_REASON);
        }
        if (options.get(CHECK_SECONDARY_MX) && !localHostRemoved) {
            return RouterResult.decline();
        }
        return RouterResult.accept(found.hosts());
    }

    /**
     * Exim's match_isinlist on a domain list option: an unset list matches nothing, a
     * forced failure of its expansion is no match, any other expansion error defers.
     */
    private MatchResult matches(Option<String> list, String domain, RoutingContext context) {
        String text = options.get(list);
        if (text == null) {
            return MatchResult.NO_MATCH;
        }
        try {
            return context.lists().domain(text, domain);
        } catch (ExpansionException e) {
            return e.isForcedFailure() ? MatchResult.NO_MATCH : MatchResult.DEFER;
        }
    }

    /** An expanded condition's value, or why it deferred. */
    private record Condition(boolean value, String deferred) {
    }

    /**
     * Exim's expand_check_condition: true unless the expansion is "", "0", "no" or "false"
     * (in any case), or fails. A lookup that deferred in it defers the router; any other
     * failure makes it false (Exim also writes it to the panic log).
     */
    private Condition condition(Option<String> option, RoutingContext context) {
        if (!options.isSet(option)) {
            return new Condition(false, null);
        }
        try {
            String value = options.expand(option, context.expander());
            return new Condition(!value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("no")
                    && !value.equalsIgnoreCase("false"), null);
        } catch (ExpansionException e) {
            return new Condition(false, e.isLookupDeferred() ? e.getMessage() : null);
        } catch (OptionValueException e) {
            throw new IllegalStateException("a string option always parses", e);
        }
    }
}
