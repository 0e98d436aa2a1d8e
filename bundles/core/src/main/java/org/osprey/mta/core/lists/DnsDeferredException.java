package org.osprey.mta.core.lists;

/** A DNS question that could not be answered now (Exim's DEFER for a lookup that timed out or failed temporarily). */
public final class DnsDeferredException extends Exception {
    private static final long serialVersionUID = 1L;

    public DnsDeferredException(String message) {
        super(message);
    }
}
