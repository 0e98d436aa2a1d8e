package org.osprey.mta.acl.dnslists;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * The outcome of one DNS lookup in Exim's terms (dns.c's DNS_SUCCEED, DNS_NOMATCH,
 * DNS_NODATA; DNS_AGAIN and DNS_FAIL together, as dnslists treats them alike).
 *
 * @param status what happened
 * @param records the answer section's records when it succeeded
 */
record DnsAnswer(Status status, List<Record> records) {

    enum Status {
        /** The answer section has records. */
        SUCCEED,
        /** The name does not exist (NXDOMAIN), or cannot be in the DNS. */
        NO_MATCH,
        /** The name exists but has no records of the type. */
        NO_DATA,
        /** No decisive answer: a timeout, SERVFAIL, REFUSED and the like. */
        FAILED
    }

    DnsAnswer {
        records = List.copyOf(records);
    }

    static DnsAnswer of(Status status) {
        return new DnsAnswer(status, List.of());
    }
}
