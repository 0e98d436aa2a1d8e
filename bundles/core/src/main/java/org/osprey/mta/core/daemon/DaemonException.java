package org.osprey.mta.core.daemon;

/**
 * The daemon cannot start (or a setting it needs is wrong): the message is the text Exim
 * logs, without a timestamp, e.g. {@code socket bind() to port 25 for address (any IPv4)
 * failed: Address already in use: daemon abandoned}.
 */
public final class DaemonException extends Exception {
    private static final long serialVersionUID = 1L;

    public DaemonException(String message) {
        super(message);
    }

    public DaemonException(String message, Throwable cause) {
        super(message, cause);
    }
}
