package org.osprey.mta.router.dnslookup;

import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.option.OptionType;

/**
 * The private options of the dnslookup router, as Exim 4.96's table in routers/dnslookup.c,
 * with its defaults (dnslookup_router_option_defaults).
 *
 * <p>The domain lists are kept as text and expanded when they are matched, as Exim's
 * match_isinlist does; {@code widen_domains} is a plain string list that Exim never expands.
 * {@code ipv4_only} and {@code ipv4_prefer} are expanded conditions ("", "0", "no" and
 * "false" are false). {@code dnssec_request_domains} and {@code dnssec_require_domains}
 * are not here: in Exim 4.96 they are generic router options (route.c), the engine's.
 * {@code same_domain_copy_routing} sits in this table as in Exim's (a public field
 * reached through the private table); it is read by the engine, which copies the routing
 * of one address to the others of its domain.
 */
final class DnslookupOptions {
    private DnslookupOptions() {
    }

    static final Option<Boolean> CHECK_SECONDARY_MX = Option.bool("check_secondary_mx", false);
    static final Option<String> CHECK_SRV = Option.string("check_srv").expanded();
    static final Option<String> FAIL_DEFER_DOMAINS = Option.of("fail_defer_domains", OptionType.DOMAIN_LIST, null);
    static final Option<String> IPV4_ONLY = Option.string("ipv4_only").expanded();
    static final Option<String> IPV4_PREFER = Option.string("ipv4_prefer").expanded();
    static final Option<String> MX_DOMAINS = Option.of("mx_domains", OptionType.DOMAIN_LIST, null);
    static final Option<String> MX_FAIL_DOMAINS = Option.of("mx_fail_domains", OptionType.DOMAIN_LIST, null);
    static final Option<Boolean> QUALIFY_SINGLE = Option.bool("qualify_single", true);
    static final Option<Boolean> REWRITE_HEADERS = Option.bool("rewrite_headers", true);
    static final Option<Boolean> SAME_DOMAIN_COPY_ROUTING = Option.bool("same_domain_copy_routing", false);
    static final Option<Boolean> SEARCH_PARENTS = Option.bool("search_parents", false);
    static final Option<String> SRV_FAIL_DOMAINS = Option.of("srv_fail_domains", OptionType.DOMAIN_LIST, null);
    static final Option<String> WIDEN_DOMAINS = Option.of("widen_domains", OptionType.STRING_LIST, null);

    static final OptionTable TABLE = OptionTable.of(CHECK_SECONDARY_MX, CHECK_SRV, FAIL_DEFER_DOMAINS, IPV4_ONLY,
            IPV4_PREFER, MX_DOMAINS, MX_FAIL_DOMAINS, QUALIFY_SINGLE, REWRITE_HEADERS, SAME_DOMAIN_COPY_ROUTING,
            SEARCH_PARENTS, SRV_FAIL_DOMAINS, WIDEN_DOMAINS);
}
