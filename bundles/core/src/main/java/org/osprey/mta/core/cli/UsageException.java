package org.osprey.mta.core.cli;

/** A command line Exim refuses with a message of its own (exim_fail), such as a bad -D. */
final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
