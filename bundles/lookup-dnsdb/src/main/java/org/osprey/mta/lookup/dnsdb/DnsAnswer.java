package org.osprey.mta.lookup.dnsdb;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * The outcome of one DNS lookup, in Exim's terms (dns.c's DNS_SUCCEED, DNS_NOMATCH,
 * DNS_NODATA, DNS_AGAIN, DNS_FAIL).
 *
 * @param status what happened
 * @param records the answer section's records, when it succeeded
 * @param authenticated whether the resolver vouched for the answer with DNSSEC (the AD bit)
 */
record DnsAnswer(Status status, List<Record> records, boolean authenticated) {

    enum Status {
        /** Records of the type asked for were found. */
        SUCCEED,
        /** The name does not exist. */
        NO_MATCH,
        /** The name exists but has no records of the type. */
        NO_DATA,
        /** A temporary failure: a timeout or SERVFAIL. */
        AGAIN,
        /** A permanent failure of the lookup itself (REFUSED, a CNAME loop...). */
        FAIL
    }

    DnsAnswer {
        records = List.copyOf(records);
    }

    static DnsAnswer of(Status status) {
        return new DnsAnswer(status, List.of(), false);
    }

    /** Whether the name has nothing: neither failure nor data. */
    boolean isEmpty() {
        return status == Status.NO_MATCH || status == Status.NO_DATA;
    }
}
