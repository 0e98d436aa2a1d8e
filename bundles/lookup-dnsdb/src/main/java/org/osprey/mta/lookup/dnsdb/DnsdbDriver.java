package org.osprey.mta.lookup.dnsdb;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * Exim's dnsdb lookup (lookups/dnsdb.c) on dnsjava: the query names a record type and a
 * list of domains ({@code mx=example.com}, {@code >: a=one.example:two.example},
 * {@code defer_never,ptr=192.0.2.1}), and the data is the records found. The resolvers
 * are those of /etc/resolv.conf. A query dnsdb cannot read defers with Exim's message.
 */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "dnsdb")
public final class DnsdbDriver implements LookupDriver {
    private final DnsClient dns;

    public DnsdbDriver() {
        this(DnsClient::systemResolver);
    }

    /** A driver that asks the resolvers {@code resolvers} makes (tests point it at their own server). */
    DnsdbDriver(DnsClient.Resolvers resolvers) {
        this.dns = new DnsClient(resolvers);
    }

    @Override
    public Style style() {
        return Style.QUERY;
    }

    @Override
    public LookupResult find(LookupRequest request) {
        DnsdbQuery query;
        try {
            query = DnsdbQuery.parse(request.key());
        } catch (DnsdbQuery.SyntaxException e) {
            return new LookupResult.Deferred(e.getMessage());
        }
        return new DnsdbSearch(dns, query).run();
    }
}
