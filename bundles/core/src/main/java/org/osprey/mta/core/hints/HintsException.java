package org.osprey.mta.core.hints;

/**
 * The hints store could not be read or written. Callers treat it as Exim treats a hints
 * database that will not open: carry on without hints (a delivery is tried, a record is
 * not written), never fail or lose a message because of it.
 */
public final class HintsException extends Exception {
    private static final long serialVersionUID = 1L;

    public HintsException(String message, Throwable cause) {
        super(message, cause);
    }
}
