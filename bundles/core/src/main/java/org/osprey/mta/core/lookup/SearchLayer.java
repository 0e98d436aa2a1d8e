package org.osprey.mta.core.lookup;

import java.util.Objects;
import java.util.Optional;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * The lookup layer (Exim's search.c) over the lookup drivers in the {@link DriverRegistry}:
 * checks a lookup type against its driver, tries the keys in Exim's order (partial forms,
 * {@code *@} and {@code *} defaults), applies {@code ret=key} and {@code cache=no_rd}, and
 * keeps a cache of answers.
 *
 * <p>The cache lives as long as one message, as Exim's does in its per-message process:
 * make one layer per delivery or SMTP session and call {@link #clearCache()} when a new
 * message starts, so that changed files and databases are seen. A layer shared by
 * unrelated work stays correct in its answers only as long as the data does not change.
 *
 * <p>Never lets a driver's failure escape as anything but a deferral: a driver that throws
 * is reported as a deferral with the exception's text.
 */
public final class SearchLayer implements Lookups {
    private final DriverRegistry registry;
    private final LookupCache cache = new LookupCache();

    public SearchLayer(DriverRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public boolean isQueryStyle(String spec) throws LookupException {
        return driver(LookupSpec.parse(spec)).style() == LookupDriver.Style.QUERY;
    }

    @Override
    public Optional<SearchResult> find(String spec, String file, String keyOrQuery, Expander expander)
            throws LookupException {
        return search(LookupSpec.parse(spec), file, keyOrQuery, expander);
    }

    /**
     * Looks up a key in a file, or runs a query, and says which parts of the key a partial
     * or default match used, for {@code $1} and {@code $2}.
     *
     * @param file the file of a single-key lookup, which must be an absolute path; ignored
     *        for a query-style lookup
     * @param keyOrQuery the key, or the query (leading white space is dropped from a query)
     * @return what was found, or empty; an empty key is never found
     * @throws LookupException for an unknown lookup type, partial matching or defaults on a
     *         query-style type, a missing or relative file name, or a deferral
     */
    public Optional<SearchResult> search(LookupSpec spec, String file, String keyOrQuery, Expander expander)
            throws LookupException {
        Objects.requireNonNull(keyOrQuery, "keyOrQuery");
        Objects.requireNonNull(expander, "expander");
        LookupDriver driver = driver(spec);
        if (driver.style() == LookupDriver.Style.QUERY) {
            return KeySequence.search(spec, keyOrQuery.substring(CNumbers.skipSpace(keyOrQuery, 0)),
                    query -> findOne(driver, spec, null, query, expander));
        }
        if (file == null) {
            throw LookupException.error("no file name for " + spec.name() + " lookup");
        }
        return KeySequence.search(spec, keyOrQuery, key -> findOne(driver, spec, file, key, expander));
    }

    /**
     * {@code ${quote_TYPE_OPTION:value}} as Exim does it: the driver's quoting; a type with
     * no quoting leaves the value as it is when no option is given.
     *
     * @param option the text after the type, or null when there is none
     * @return the quoted value, or empty when the option is not recognised (Exim's
     *         {@code "OPTION" unrecognized after "${quote_TYPE"})
     */
    @Override
    public Optional<String> quote(String type, String option, String value) throws LookupException {
        LookupDriver driver = registry.lookup(type).orElseThrow(() -> unknownType(type));
        Optional<String> quoted = driver.quote(value, option == null ? "" : option);
        return quoted.isEmpty() && option == null ? Optional.of(value) : quoted;
    }

    /** Forgets every cached answer: call when a new message starts. */
    public void clearCache() {
        cache.clear();
    }

    /** The driver for a lookup type, with Exim's checks of what the type permits. */
    private LookupDriver driver(LookupSpec spec) throws LookupException {
        LookupDriver driver = registry.lookup(spec.name()).orElseThrow(() -> unknownType(spec.name()));
        if (driver.style() == LookupDriver.Style.QUERY) {
            if (spec.isPartial()) {
                throw LookupException.error("\"partial\" is not permitted for lookup type \"" + spec.unprefixed()
                        + "\"");
            }
            if (spec.defaults() != LookupSpec.Defaults.NONE) {
                throw LookupException.error("defaults using \"*\" or \"*@\" are not permitted for lookup type \""
                        + spec.unprefixed() + "\"");
            }
        }
        return driver;
    }

    /** One key, through the cache (Exim's internal_search_find). */
    private Optional<String> findOne(LookupDriver driver, LookupSpec spec, String file, String key,
            Expander expander) throws LookupException {
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String source = file == null ? "" : file;
        String options = String.join(",", spec.driverOptions());
        LookupResult result = spec.cacheRead() ? cache.get(spec.name(), source, key, options) : null;
        if (result == null) {
            result = ask(driver, spec, new LookupRequest(file, key, spec.driverOptionMap(), expander));
            if (result instanceof LookupResult.Deferred deferred) {
                throw LookupException.deferred(deferred.message());
            }
            if (result instanceof LookupResult.Failed failed) {
                throw LookupException.error(failed.message());
            }
            boolean cacheable = result instanceof LookupResult.Found found ? found.cacheable()
                    : ((LookupResult.NotFound) result).cacheable();
            if (cacheable) {
                cache.put(spec.name(), source, key, options, result);
            } else {
                cache.forget(spec.name(), source);
            }
        }
        return result instanceof LookupResult.Found found ? Optional.of(found.value()) : Optional.empty();
    }

    private static LookupResult ask(LookupDriver driver, LookupSpec spec, LookupRequest request) {
        try {
            return Objects.requireNonNull(driver.find(request), "lookup result");
        } catch (RuntimeException e) {
            return new LookupResult.Deferred(spec.name() + " lookup failed: " + e);
        }
    }

    private static LookupException unknownType(String name) {
        return LookupException.error("unknown lookup type \"" + name + "\"");
    }
}
