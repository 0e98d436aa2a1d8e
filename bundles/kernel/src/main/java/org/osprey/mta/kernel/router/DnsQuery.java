package org.osprey.mta.kernel.router;

import java.util.Set;

/**
 * What {@link HostFinder#byDns} looks up, Exim's {@code whichrrs} and flags of {@code host_find_bydns}.
 *
 * @param records which records: {@code SRV} first (when asked), then {@code MX}, then the
 *        host's own addresses ({@code ADDRESS}: A, and AAAA unless IPv6 is disabled); a
 *        lookup that finds records of one kind does not go on to the next
 * @param srvService the service name for SRV records ({@code _smtp._tcp.} is {@code "smtp"});
 *        ignored without {@code SRV}
 * @param qualifySingle a name without dots gets the resolver's default domain (RES_DEFNAMES)
 * @param searchParents the resolver's search list is used (RES_DNSRCH)
 * @param srvFailIsNone a DNS error on the SRV lookup counts as no SRV records ({@code srv_fail_domains})
 * @param mxFailIsNone a DNS error on the MX lookup counts as no MX records ({@code mx_fail_domains})
 * @param dnssecRequest the DO bit is set, and whether the answers were authenticated is reported;
 *        the engine also sets it when the name is in the router's generic {@code dnssec_request_domains}
 *        (by default every name, as in Exim)
 * @param dnssecRequire an answer that is not authenticated is {@link HostLookup.Status#SECURITY};
 *        the engine also sets it when the name is in the router's generic {@code dnssec_require_domains}
 * @param ipv4Only only A records are looked up, for the domain and for the hosts its MX or
 *        SRV records name (HOST_FIND_IPV4_ONLY: dnslookup's {@code ipv4_only})
 * @param ipv4First the addresses of hosts of one preference are ordered IPv4 before IPv6,
 *        not the other way round (HOST_FIND_IPV4_FIRST: dnslookup's {@code ipv4_prefer})
 */
public record DnsQuery(Set<Records> records, String srvService, boolean qualifySingle, boolean searchParents,
        boolean srvFailIsNone, boolean mxFailIsNone, boolean dnssecRequest, boolean dnssecRequire,
        boolean ipv4Only, boolean ipv4First) {

    public enum Records { SRV, MX, ADDRESS }

    public DnsQuery {
        records = Set.copyOf(records);
    }

    /** A query with the usual address families: IPv6 first, then IPv4. */
    public DnsQuery(Set<Records> records, String srvService, boolean qualifySingle, boolean searchParents,
            boolean srvFailIsNone, boolean mxFailIsNone, boolean dnssecRequest, boolean dnssecRequire) {
        this(records, srvService, qualifySingle, searchParents, srvFailIsNone, mxFailIsNone, dnssecRequest,
                dnssecRequire, false, false);
    }

    /** MX, then A and AAAA: the dnslookup router's default. */
    public static DnsQuery mxThenAddress() {
        return new DnsQuery(Set.of(Records.MX, Records.ADDRESS), null, false, false, false, false, false, false);
    }

    /** A and AAAA only: manualroute's {@code bydns}. */
    public static DnsQuery addressOnly() {
        return new DnsQuery(Set.of(Records.ADDRESS), null, false, false, false, false, false, false);
    }

    /** MX only: manualroute's {@code /MX}. */
    public static DnsQuery mxOnly() {
        return new DnsQuery(Set.of(Records.MX), null, false, false, false, false, false, false);
    }
}
