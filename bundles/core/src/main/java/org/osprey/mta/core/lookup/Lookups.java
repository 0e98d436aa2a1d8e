package org.osprey.mta.core.lookup;

import java.util.Optional;
import org.osprey.mta.kernel.expand.Expander;

/**
 * The engine's lookup layer (Exim's search.c): everything around a lookup driver's find,
 * used by string expansion ({@code ${lookup ...}}) and by list matching ({@code lsearch;file}
 * items).
 *
 * <p>A {@code spec} is the lookup type as written, with Exim's decorations: the
 * {@code partial-} and {@code partialN-} prefixes, the {@code *} and {@code *@} suffixes
 * and the comma-separated options ({@code partial2-lsearch*@,ret=key}, {@code dnsdb},
 * {@code iplsearch}).
 */
public interface Lookups {

    /** True when the lookup type of {@code spec} is query-style (dnsdb, SQL), false for single-key (lsearch). */
    boolean isQueryStyle(String spec) throws LookupException;

    /**
     * Looks up a key in a file (single-key types) or runs a query (query-style types,
     * {@code file} null), with the per-message cache.
     *
     * @return the data found, with the parts of the key a partial or default match used
     *         (for {@code $1} and {@code $2}); empty when there is none
     * @throws LookupException when the spec is wrong (an unknown type: Exim's
     *         {@code unknown lookup type "foo"}) or the lookup deferred ({@link LookupException#isDeferred()})
     */
    Optional<SearchResult> find(String spec, String file, String keyOrQuery, Expander expander)
            throws LookupException;

    /**
     * {@code ${quote_TYPE_OPTION:value}}: the value quoted for a query of that lookup type.
     *
     * @return the quoted value, or empty when the type has no quoting function
     * @throws LookupException when there is no such lookup type
     */
    Optional<String> quote(String type, String option, String value) throws LookupException;
}
