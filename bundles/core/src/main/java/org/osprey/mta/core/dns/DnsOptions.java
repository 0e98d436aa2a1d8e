package org.osprey.mta.core.dns;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The main options that shape every DNS query (Exim's {@code dns_init} and {@code dns_basic_lookup}).
 *
 * @param retrans {@code dns_retrans}: the time to wait for one answer; zero for the resolver's own (5s)
 * @param retry {@code dns_retry}: how many times a query is sent; zero for the resolver's own (2)
 * @param useEdns0 {@code dns_use_edns0}: 1 forces EDNS0 on, 0 off, -1 leaves the resolver's default (off,
 *        unless DNSSEC is asked for)
 * @param dnssecOk {@code dns_dnssec_ok}: 1 always sets the DO bit, 0 never, -1 when a router asks
 * @param cnameLoops {@code dns_cname_loops}: how many CNAMEs are followed by hand
 * @param againMeansNonexist {@code dns_again_means_nonexist}: names whose temporary failures count as
 *        "no such name"
 */
public record DnsOptions(Duration retrans, int retry, int useEdns0, int dnssecOk, int cnameLoops,
        Predicate<String> againMeansNonexist) {

    /** glibc's defaults, which Exim gets when dns_retrans and dns_retry are unset. */
    static final Duration RESOLVER_TIMEOUT = Duration.ofSeconds(5);
    static final int RESOLVER_ATTEMPTS = 2;

    public DnsOptions {
        Objects.requireNonNull(retrans, "retrans");
        Objects.requireNonNull(againMeansNonexist, "againMeansNonexist");
    }

    /** Exim's defaults: the resolver's timeout and retries, EDNS0 and DO as asked, one CNAME followed. */
    public static DnsOptions defaults() {
        return new DnsOptions(Duration.ZERO, 0, -1, -1, 1, name -> false);
    }

    public DnsOptions withRetrans(Duration value, int retries) {
        return new DnsOptions(value, retries, useEdns0, dnssecOk, cnameLoops, againMeansNonexist);
    }

    Duration timeout() {
        return retrans.isZero() || retrans.isNegative() ? RESOLVER_TIMEOUT : retrans;
    }

    int attempts() {
        return retry > 0 ? retry : RESOLVER_ATTEMPTS;
    }

    /** Whether a query goes out with the DO bit: Exim's RES_USE_DNSSEC after dns_dnssec_ok and dns_use_edns0. */
    boolean doBit(boolean requested) {
        if (dnssecOk >= 0 && !(useEdns0 == 0 && dnssecOk != 0)) {
            return dnssecOk == 1;
        }
        return requested;
    }

    /** Whether a query goes out with an EDNS0 OPT record. */
    boolean edns(boolean doBit) {
        if (doBit) {
            return true;
        }
        return useEdns0 == 1;
    }
}
