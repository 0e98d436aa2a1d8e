package org.osprey.mta.kernel.lookup;

import java.util.Map;
import java.util.Objects;

/**
 * One find.
 *
 * @param file the file for a single-key lookup (an absolute path), {@code null} for a query-style one
 * @param key the key, or the query
 * @param options the options after the lookup type ({@code dnsdb,defer_never} gives
 *        {@code defer_never=""}), the ones the engine handles itself taken out
 */
public record LookupRequest(String file, String key, Map<String, String> options) {
    public LookupRequest {
        Objects.requireNonNull(key, "key");
        options = Map.copyOf(options);
    }
}
