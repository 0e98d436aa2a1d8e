package org.osprey.mta.lookup.dnsdb;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.osprey.mta.kernel.lookup.LookupResult;
import org.osprey.mta.kernel.model.IpAddress;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.SPFRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * One dnsdb find (the body of Exim's dnsdb_find): each name of the query looked up in
 * turn, the records of the type written one after another with the output separator, and
 * temporary failures counted as the defer modifier says: {@code defer_strict} defers at
 * once, {@code defer_lax} (the default) defers only if nothing at all was found,
 * {@code defer_never} treats them as "not found". An answer with a record of TTL 0 must not
 * be cached. Exim's C-string behaviour is kept: a NUL field separator (from {@code ;})
 * cuts MX, SRV and TLSA fields short, and a NUL anywhere ends the answer.
 */
final class DnsdbSearch {
    /** Exim's dns_csa_search_limit: how many parent domains a CSA search climbs. */
    private static final int CSA_SEARCH_LIMIT = 5;

    private final DnsClient dns;
    private final DnsdbQuery query;
    private final StringBuilder out = new StringBuilder();
    private boolean cacheable = true;

    DnsdbSearch(DnsClient dns, DnsdbQuery query) {
        this.dns = dns;
        this.query = query;
    }

    LookupResult run() {
        boolean deferred = false;
        RecordType type = query.type();
        for (String item : query.names()) {
            String name = type == RecordType.PTR || type == RecordType.CSA
                    ? IpAddress.parse(item).map(DnsdbSearch::reverseName).orElse(item) : item;
            List<Integer> searchTypes = type == RecordType.A_PLUS ? List.of(Type.AAAA, Type.A) : List.of(type.dnsType());
            for (int searchType : searchTypes) {
                Found found = lookup(name, searchType);
                DnsAnswer answer = found.answer();
                if (answer.isEmpty()) {
                    continue;
                }
                if (answer.status() != DnsAnswer.Status.SUCCEED
                        || (query.dnssec() == DnsdbQuery.Mode.STRICT && !answer.authenticated())) {
                    if (query.defer() == DnsdbQuery.Mode.STRICT) {
                        return new LookupResult.Deferred("");
                    }
                    deferred |= query.defer() == DnsdbQuery.Mode.LAX;
                    continue;
                }
                for (Record record : answer.records()) {
                    if (record.getType() == searchType) {
                        cacheable &= record.getTTL() > 0;
                        write(record, name, found.name());
                    }
                }
            }
        }
        int nul = out.indexOf("\0");
        String result = nul < 0 ? out.toString() : out.substring(0, nul);
        if (out.length() == 0) {
            return deferred ? new LookupResult.Deferred("") : new LookupResult.NotFound(true);
        }
        return new LookupResult.Found(result, cacheable);
    }

    /** An answer and the name it was found at (CSA climbs to parent domains). */
    private record Found(DnsAnswer answer, String name) {
    }

    /** Exim's dns_special_lookup: zone walks for SOA and ZNS, the CSA search, plain lookups otherwise. */
    private Found lookup(String name, int searchType) {
        RecordType type = query.type();
        if (type == RecordType.SOA || type == RecordType.ZNS) {
            String domain = name;
            while (true) {
                DnsAnswer answer = dns.lookup(domain, searchType, query);
                if (!answer.isEmpty()) {
                    return new Found(answer, domain);
                }
                int dot = domain.indexOf('.');
                if (dot < 0) {
                    return new Found(DnsAnswer.of(DnsAnswer.Status.NO_MATCH), domain);
                }
                domain = domain.substring(dot + 1);
            }
        }
        if (type == RecordType.CSA) {
            return csa(name);
        }
        return new Found(dns.lookup(name, searchType, query), name);
    }

    /**
     * The Client SMTP Authorization search: the name's own {@code _client._smtp} SRV
     * record, else one in a parent domain (from the second level down, at most five) that
     * makes an assertion about its subdomains.
     */
    private Found csa(String name) {
        DnsAnswer own = dns.lookup("_client._smtp." + name, Type.SRV, query);
        if (own.status() == DnsAnswer.Status.SUCCEED || own.status() == DnsAnswer.Status.AGAIN
                || own.status() == DnsAnswer.Status.NO_MATCH) {
            return new Found(own, name);
        }
        int suffix = name.lastIndexOf('.');
        if (suffix < 0) {
            return new Found(DnsAnswer.of(DnsAnswer.Status.NO_MATCH), name);
        }
        int limit = CSA_SEARCH_LIMIT;
        boolean ipv6 = false;
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".arpa")) {
            if (suffix - 8 > 0 && lower.startsWith(".in-addr.arpa", suffix - 8)) {
                suffix -= 8;
                limit = 3;
            } else if (suffix - 4 > 0 && lower.startsWith(".ip6.arpa", suffix - 4)) {
                suffix -= 4;
                ipv6 = true;
                limit = 3;
            }
        }
        for (int i = 0; i < limit; i++) {
            if (ipv6) {
                suffix -= 8;
                if (suffix <= 0) {
                    break;
                }
            } else {
                do {
                    if (--suffix <= 0) {
                        return new Found(DnsAnswer.of(DnsAnswer.Status.NO_MATCH), name);
                    }
                } while (name.charAt(suffix) != '.');
            }
            String parent = name.substring(suffix + 1);
            DnsAnswer answer = dns.lookup("_client._smtp." + parent, Type.SRV, query);
            if (answer.status() == DnsAnswer.Status.AGAIN) {
                return new Found(answer, name);
            }
            if (answer.status() == DnsAnswer.Status.SUCCEED && assertsAboutSubdomains(answer)) {
                return new Found(answer, parent);
            }
        }
        return new Found(DnsAnswer.of(DnsAnswer.Status.NO_MATCH), name);
    }

    private static boolean assertsAboutSubdomains(DnsAnswer answer) {
        return answer.records().stream().anyMatch(r -> r instanceof SRVRecord srv && srv.getPriority() == 1
                && (srv.getPort() & 1) != 0);
    }

    /** Writes one record as Exim's dnsdb writes it. */
    private void write(Record record, String name, String foundAt) {
        if (record instanceof ARecord a) {
            separate();
            out.append(IpAddress.of(a.getAddress().getAddress()));
            return;
        }
        if (record instanceof AAAARecord aaaa) {
            separate();
            out.append(IpAddress.of(aaaa.getAddress().getAddress()).toIpv6());
            return;
        }
        separate();
        String fields = query.fieldSeparator();
        if (record instanceof TXTRecord || record instanceof SPFRecord) {
            List<byte[]> strings = record instanceof TXTRecord txt ? txt.getStringsAsByteArrays()
                    : ((SPFRecord) record).getStringsAsByteArrays();
            String join = fields != null ? fields : record.getType() == Type.SPF ? "" : null;
            for (int i = 0; i < strings.size() && (i == 0 || join != null); i++) {
                if (i > 0) {
                    out.append(join);
                }
                out.append(new String(strings.get(i), StandardCharsets.UTF_8));
            }
            return;
        }
        String field = cChar(fields == null ? " " : fields);
        switch (query.type()) {
            case MX -> out.append(cString(((MXRecord) record).getPriority() + field));
            case SRV -> {
                SRVRecord srv = (SRVRecord) record;
                out.append(cString(srv.getPriority() + field + srv.getWeight() + field + srv.getPort() + field));
            }
            case TLSA -> {
                TLSARecord tlsa = (TLSARecord) record;
                out.append(cString(tlsa.getCertificateUsage() + field + tlsa.getSelector() + field
                        + tlsa.getMatchingType() + field + HexFormat.of().formatHex(tlsa.getCertificateAssociationData())));
                return;
            }
            case CSA -> {
                SRVRecord srv = (SRVRecord) record;
                if (srv.getPriority() != 1) {
                    return;
                }
                char status;
                if (!foundAt.equals(name)) {
                    status = (srv.getPort() & 1) != 0 ? 'X' : '?';
                } else if (srv.getWeight() < 2) {
                    status = 'N';
                } else if (srv.getWeight() == 2) {
                    status = 'Y';
                } else if (srv.getWeight() == 3) {
                    status = '?';
                } else {
                    return;
                }
                out.append(status).append(' ');
            }
            default -> {
            }
        }
        out.append(hostName(record));
        if (record instanceof SOARecord soa && fields != null) {
            String separator = cChar(fields);
            out.append(separator).append(hostName(soa.getAdmin())).append(separator).append(soa.getSerial())
                    .append(separator).append(soa.getRefresh()).append(separator).append(soa.getRetry())
                    .append(separator).append(soa.getExpire()).append(separator).append(soa.getMinimum());
        }
    }

    /**
     * The name of an address's PTR record, as Exim's dns_build_reverse writes it:
     * {@code 4.3.2.1.in-addr.arpa}, or 32 nibbles and {@code ip6.arpa.} (with the dot).
     */
    static String reverseName(IpAddress address) {
        return address.reversed() + (address.version() == 4 ? ".in-addr.arpa" : ".ip6.arpa.");
    }

    private void separate() {
        if (out.length() > 0) {
            out.append(query.outputSeparator());
        }
    }

    /** The name a record points to: its target, exchange, host or primary server. */
    private static String hostName(Record record) {
        Name target = switch (record.getType()) {
            case Type.MX -> ((MXRecord) record).getTarget();
            case Type.SRV -> ((SRVRecord) record).getTarget();
            case Type.NS -> ((NSRecord) record).getTarget();
            case Type.PTR -> ((PTRRecord) record).getTarget();
            case Type.CNAME -> ((CNAMERecord) record).getTarget();
            case Type.SOA -> ((SOARecord) record).getHost();
            default -> Name.root;
        };
        return hostName(target);
    }

    /** A name as dn_expand writes it: no final dot, nothing at all for the root. */
    private static String hostName(Name name) {
        return name.equals(Name.root) ? "" : name.toString(true);
    }

    /** A field separator as C's "%c" of its first character: NUL when it is empty. */
    private static String cChar(String separator) {
        return separator.isEmpty() ? "\0" : separator.substring(0, 1);
    }

    /** The text up to its first NUL, as C's string functions see it. */
    private static String cString(String text) {
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }
}
