package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/** A query-style lookup type for the corpus ("dnsdb"), which never finds anything: no DNS in tests. */
final class QueryDriver implements LookupDriver {

    @Override
    public Style style() {
        return Style.QUERY;
    }

    @Override
    public LookupResult find(LookupRequest request) {
        return new LookupResult.NotFound(true);
    }
}
