package org.osprey.mta.kernel.lookup;

import java.util.Objects;

/**
 * The answer to one find: Exim's OK, FAIL and DEFER from a lookup's find function, and the
 * failure of its open or check functions (a file that cannot be opened), which is an
 * error for the caller rather than a reason to try later.
 */
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

    /**
     * The lookup cannot be done at all: its file cannot be opened or is not a regular
     * file. An expansion that asked for it fails with the message.
     *
     * @param message Exim's words, such as {@code failed to open /x for linear search: No such file or directory}
     */
    record Failed(String message) implements LookupResult {
        public Failed {
            Objects.requireNonNull(message, "message");
        }
    }
}
