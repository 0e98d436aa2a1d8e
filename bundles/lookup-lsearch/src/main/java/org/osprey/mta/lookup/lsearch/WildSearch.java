package org.osprey.mta.lookup.lsearch;

import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/** The search of wildlsearch and nwildlsearch: the first entry whose key, as a pattern, matches. */
abstract class WildSearch extends LinearSearchDriver {
    private final WildKey wildKey;

    WildSearch(boolean expandKeys) {
        this.wildKey = new WildKey(expandKeys);
    }

    @Override
    final LookupResult search(LinearFile file, LookupRequest request) {
        try {
            for (LinearFile.Entry entry : file.entries()) {
                if (wildKey.matches(entry.key(), request.key(), request.expander())) {
                    return found(entry, request);
                }
            }
        } catch (WildKey.Deferral e) {
            return new LookupResult.Deferred(e.getMessage());
        }
        return notFound();
    }
}
