package org.osprey.mta.core.lookup;

import java.util.Objects;
import java.util.Optional;

/**
 * What a search found: the data, and after a partial or default match the two parts of
 * the key that Exim puts in {@code $1} and {@code $2} while {@code ${lookup}} expands its
 * strings.
 *
 * @param value the data (the key itself with {@code ret=key})
 * @param keyParts the wild and fixed parts of the key; empty when the search sets no
 *        numeric variables (an exact match without partial matching, or a query)
 */
public record SearchResult(String value, Optional<KeyParts> keyParts) {
    public SearchResult {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(keyParts, "keyParts");
    }

    /**
     * The key split as the match saw it.
     *
     * @param wild the part matched by the wildcard ({@code $1}): {@code 2250} when
     *        {@code 2250.dates.example} matched {@code *.dates.example}
     * @param fixed the part matched literally ({@code $2})
     */
    public record KeyParts(String wild, String fixed) {
        public KeyParts {
            Objects.requireNonNull(wild, "wild");
            Objects.requireNonNull(fixed, "fixed");
        }
    }
}
