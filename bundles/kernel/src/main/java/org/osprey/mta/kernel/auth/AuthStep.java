package org.osprey.mta.kernel.auth;

import java.util.List;
import java.util.Objects;

/** One step of a server-side authentication (Exim's auth driver results OK, FAIL, DEFER, and a challenge). */
public sealed interface AuthStep {

    /** Send {@code data} to the client (base64-encoded, after 334) and wait for its answer. */
    record Challenge(byte[] data) implements AuthStep {
        public Challenge {
            Objects.requireNonNull(data, "data");
        }
    }

    /**
     * The client is authenticated.
     *
     * @param values the values of {@code $auth1}, {@code $auth2} ... in order
     * @param id the authenticated id, or {@code null} to let the engine take it from
     *        {@code server_set_id}
     */
    record Success(List<String> values, String id) implements AuthStep {
        public Success {
            values = List.copyOf(values);
        }
    }

    /**
     * The client is not authenticated (535).
     *
     * @param message the reason, logged (not sent to the client)
     */
    record Failure(String message) implements AuthStep {
        public Failure {
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Authentication cannot be decided now (435 or 454): a lookup deferred, a server is down.
     *
     * @param message the reason, logged
     */
    record Deferred(String message) implements AuthStep {
        public Deferred {
            Objects.requireNonNull(message, "message");
        }
    }
}
