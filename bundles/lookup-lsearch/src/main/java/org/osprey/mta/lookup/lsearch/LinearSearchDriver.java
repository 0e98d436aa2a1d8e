package org.osprey.mta.lookup.lsearch;

import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * What the four linear-search lookup types share (Exim's lookups/lsearch.c): the file,
 * parsed and re-read when it changes, searched from the top for the first entry whose key
 * matches; they differ only in how a key matches. The {@code ret=full} option gives the
 * whole entry, key included (unquoted), instead of the data.
 */
abstract class LinearSearchDriver implements LookupDriver {
    private final LinearFiles files = new LinearFiles();

    @Override
    public final Style style() {
        return Style.SINGLE_KEY;
    }

    @Override
    public final LookupResult find(LookupRequest request) {
        LinearFile file;
        try {
            file = files.get(request.file());
        } catch (LinearFiles.OpenFailure e) {
            return new LookupResult.Failed(e.getMessage());
        }
        return search(file, request);
    }

    /** Searches the parsed file; {@link #found} makes the answer for the matching entry. */
    abstract LookupResult search(LinearFile file, LookupRequest request);

    static LookupResult found(LinearFile.Entry entry, LookupRequest request) {
        return new LookupResult.Found("full".equals(request.options().get("ret")) ? entry.full() : entry.data(), true);
    }

    static LookupResult notFound() {
        return new LookupResult.NotFound(true);
    }
}
