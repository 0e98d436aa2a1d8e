package org.osprey.mta.kernel.lookup;

import java.util.Optional;

/** A lookup type, such as lsearch or dnsdb: published as a service with {@code mta.driver.kind=lookup}. */
public interface LookupDriver {

    Style style();

    /** Finds one key or runs one query. Never throws for missing data: that is {@link LookupResult.NotFound}. */
    LookupResult find(LookupRequest request);

    /**
     * Quotes {@code value} for use in a query of this type ({@code ${quote_pgsql:...}}),
     * given the text after the lookup name in {@code ${quote_name_option:...}} ("" if none).
     *
     * @return the quoted value, or empty when this lookup type has no quoting (then
     *         {@code ${quote_name:...}} is an expansion error, as in Exim)
     */
    default Optional<String> quote(String value, String option) {
        return Optional.empty();
    }

    /** Single-key lookups read a file; query-style lookups take a query. */
    enum Style { SINGLE_KEY, QUERY }
}
