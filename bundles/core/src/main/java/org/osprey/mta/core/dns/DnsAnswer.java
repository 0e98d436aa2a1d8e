package org.osprey.mta.core.dns;

import java.util.List;
import java.util.Objects;
import org.xbill.DNS.Record;

/**
 * The answer to one DNS query, as Exim's {@code dns_lookup} gives it.
 *
 * @param status Exim's DNS_SUCCEED, DNS_NOMATCH, DNS_NODATA, DNS_AGAIN or DNS_FAIL
 * @param records the records of the answer section (of the type asked for, and any CNAMEs); empty unless SUCCEED
 * @param ownerName the name the answer is for, when it differs from the name asked (a qualified or
 *        searched name, or a CNAME's owner), else null
 * @param secure every answer on the way had the AD bit
 */
public record DnsAnswer(Status status, List<Record> records, String ownerName, boolean secure) {

    public enum Status { SUCCEED, NOMATCH, NODATA, AGAIN, FAIL }

    public DnsAnswer {
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
    }

    static DnsAnswer of(Status status) {
        return new DnsAnswer(status, List.of(), null, false);
    }

    /** The records of one type. */
    public List<Record> ofType(int type) {
        return records.stream().filter(r -> r.getType() == type).toList();
    }
}
