package org.osprey.mta.lookup.dnsdb;

import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Type;

/**
 * The record types a dnsdb query may name before its {@code =}, Exim's real ones and its
 * pseudo-types: {@code mxh} (MX host names only), {@code zns} (NS of the nearest enclosing
 * zone), {@code a+} (AAAA then A) and {@code csa} (Client SMTP Authorization SRV records).
 */
enum RecordType {
    A("a", Type.A),
    A_PLUS("a+", Type.AAAA),
    AAAA("aaaa", Type.AAAA),
    CNAME("cname", Type.CNAME),
    CSA("csa", Type.SRV),
    MX("mx", Type.MX),
    MXH("mxh", Type.MX),
    NS("ns", Type.NS),
    PTR("ptr", Type.PTR),
    SOA("soa", Type.SOA),
    SPF("spf", Type.SPF),
    SRV("srv", Type.SRV),
    TLSA("tlsa", Type.TLSA),
    TXT("txt", Type.TXT),
    ZNS("zns", Type.NS);

    private final String keyword;
    private final int dnsType;

    RecordType(String keyword, int dnsType) {
        this.keyword = keyword;
        this.dnsType = dnsType;
    }

    /** The DNS type asked for (for {@code a+}, the first of the two). */
    int dnsType() {
        return dnsType;
    }

    /** The type named {@code keyword}, ignoring case. */
    static Optional<RecordType> named(String keyword) {
        String lower = keyword.toLowerCase(Locale.ROOT);
        for (RecordType type : values()) {
            if (type.keyword.equals(lower)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
