package org.osprey.mta.kernel.lookup;

import java.util.Objects;

/** The answer to one find (Exim's OK, FAIL and DEFER from a lookup's find function). */
public sealed interface LookupResult {

    /**
     * The key was found.
     *
     * @param value the data
     * @param cacheable false when the answer may differ within one message (Exim's do_cache = 0)
     */
    record Found(String value, boolean cacheable) implements LookupResult {
        public Found {
            Objects.requireNonNull(value, "value");
        }
    }

    /** The key is not there. */
    record NotFound(boolean cacheable) implements LookupResult {
    }

    /**
     * The answer cannot be had now (a database or DNS server is down).
     *
     * @param message the reason, for the logs and {@code $lookup_error}
     */
    record Deferred(String message) implements LookupResult {
        public Deferred {
            Objects.requireNonNull(message, "message");
        }
    }
}
