package org.osprey.mta.lookup.lsearch;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/** Exim's lsearch: the first entry whose key equals the search key, ignoring case (ASCII letters only). */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "lsearch")
public final class LsearchDriver extends LinearSearchDriver {

    @Override
    LookupResult search(LinearFile file, LookupRequest request) {
        LinearFile.Entry entry = file.exact(request.key());
        return entry == null ? notFound() : found(entry, request);
    }
}
