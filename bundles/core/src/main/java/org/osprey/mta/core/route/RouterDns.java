package org.osprey.mta.core.route;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.dns.DnsClient;
import org.osprey.mta.core.dns.DnsHostFinder;
import org.osprey.mta.core.dns.DnsOptions;
import org.osprey.mta.core.dns.LocalHost;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * The routers' host finder as the main configuration shapes it: the resolver options
 * ({@code dns_retrans}, {@code dns_retry}, {@code dns_use_edns0}, {@code dns_dnssec_ok},
 * {@code dns_cname_loops}, {@code dns_again_means_nonexist}), {@code dns_ipv4_lookup},
 * {@code disable_ipv6}, {@code allow_mx_to_ip}, and this host ({@code local_interfaces},
 * {@code extra_local_interfaces}, {@code hosts_treat_as_local}). The domain lists are matched
 * as Exim matches them, with {@code $domain} set to the name.
 */
final class RouterDns {
    private RouterDns() {
    }

    /** The DNS options of the main configuration. */
    static DnsOptions options(Configuration config, ExpansionEngine engine, ExpansionEnvironment environment) {
        Duration retrans = config.get(MainOptions.DNS_RETRANS);
        return new DnsOptions(retrans == null ? Duration.ZERO : retrans, config.get(MainOptions.DNS_RETRY),
                config.get(MainOptions.DNS_USE_EDNS0), config.get(MainOptions.DNS_DNSSEC_OK),
                config.get(MainOptions.DNS_CNAME_LOOPS),
                domains(config.get(MainOptions.DNS_AGAIN_MEANS_NONEXIST), engine, environment));
    }

    /** The host finder of a configuration on {@code client}, or on the system's resolvers when it is null. */
    static DnsHostFinder finder(Configuration config, ExpansionEngine engine, ExpansionEnvironment environment,
            DnsClient client) {
        DnsClient dns = client != null ? client : DnsClient.system(options(config, engine, environment));
        boolean disableIpv6 = config.get(MainOptions.DISABLE_IPV6);
        LocalHost local = LocalHost.of(config.get(MainOptions.LOCAL_INTERFACES),
                config.get(MainOptions.EXTRA_LOCAL_INTERFACES), disableIpv6,
                domains(config.get(MainOptions.HOSTS_TREAT_AS_LOCAL), engine, environment));
        DnsHostFinder.Settings settings = new DnsHostFinder.Settings(
                domains(config.get(MainOptions.DNS_IPV4_LOOKUP), engine, environment), disableIpv6,
                config.get(MainOptions.ALLOW_MX_TO_IP));
        return new DnsHostFinder(dns, local, settings);
    }

    /** A domain list as a test of names, lower-cased; an unset list matches nothing, a deferred match is no match. */
    private static Predicate<String> domains(String list, ExpansionEngine engine, ExpansionEnvironment environment) {
        if (list == null || list.isEmpty()) {
            return name -> false;
        }
        return name -> {
            String lc = name.toLowerCase(Locale.ROOT);
            ListSupport support = new ListSupport(engine, environment, ExpansionContext.empty().with(Map.of("domain", lc)));
            return support.matching().domain(list, lc, true).result() == MatchResult.MATCH;
        };
    }
}
