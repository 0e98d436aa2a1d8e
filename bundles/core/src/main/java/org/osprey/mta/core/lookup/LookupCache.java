package org.osprey.mta.core.lookup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * The answers already had while handling one message, as in Exim's search cache: per
 * source (a lookup type and file, or a query-style type) one answer per key, found or
 * not found, valid only for the same driver options. Deferrals are never kept. A driver
 * that says an answer must not be cached makes the whole source forgotten, as Exim does.
 */
final class LookupCache {
    private final Map<Source, Map<String, Entry>> sources = new ConcurrentHashMap<>();

    /** The cached answer, a {@link LookupResult.Found} or {@link LookupResult.NotFound}, or null. */
    LookupResult get(String type, String file, String key, String options) {
        Map<String, Entry> entries = sources.get(new Source(type, file));
        Entry entry = entries == null ? null : entries.get(key);
        return entry == null || !entry.options().equals(options) ? null : entry.result();
    }

    /** Keeps an answer, replacing one for the same key (whatever its options). */
    void put(String type, String file, String key, String options, LookupResult result) {
        sources.computeIfAbsent(new Source(type, file), s -> new ConcurrentHashMap<>())
                .put(key, new Entry(options, result));
    }

    /** Forgets every answer from one source. */
    void forget(String type, String file) {
        sources.remove(new Source(type, file));
    }

    void clear() {
        sources.clear();
    }

    /** A lookup type and its file; the file is "" for query-style types. */
    private record Source(String type, String file) {
    }

    private record Entry(String options, LookupResult result) {
    }
}
