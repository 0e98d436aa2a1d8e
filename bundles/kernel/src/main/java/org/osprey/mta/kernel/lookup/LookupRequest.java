package org.osprey.mta.kernel.lookup;

import java.util.Map;
import java.util.Objects;
import org.osprey.mta.kernel.expand.Expander;

/**
 * One find.
 *
 * @param file the file for a single-key lookup (an absolute path), {@code null} for a query-style one
 * @param key the key, or the query
 * @param options the options after the lookup type ({@code dnsdb,defer_never} gives
 *        {@code defer_never=""}), the ones the engine handles itself taken out
 * @param expander expansion in the caller's context, for the lookup types whose data is
 *        expanded (wildlsearch expands the keys in its file)
 */
public record LookupRequest(String file, String key, Map<String, String> options, Expander expander) {
    public LookupRequest {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(expander, "expander");
        options = Map.copyOf(options);
    }
}
