package org.osprey.mta.kernel.auth;

import java.util.Objects;

/**
 * How a client-side authentication ended (Exim's OK, FAIL, DEFER, CANCELLED, ERROR).
 *
 * @param status the end state
 * @param message what to log, or ""
 */
public record ClientResult(Status status, String message) {
    public ClientResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
    }

    public enum Status {
        /** Authenticated. */
        OK,
        /** The server refused the credentials (5xx): try the next authenticator. */
        FAIL,
        /** The server answered 4xx: a temporary failure. */
        DEFER,
        /** The client gave up (an expansion was forced to fail); nothing was decided. */
        CANCELLED,
        /** A configuration or expansion error. */
        ERROR
    }
}
