package org.osprey.mta.core.cli;

/** A command-line option that is unknown, malformed or incomplete. */
final class BadOptionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String option;

    BadOptionException(String option) {
        super("unknown, malformed, or incomplete option " + option);
        this.option = option;
    }

    String option() {
        return option;
    }
}
