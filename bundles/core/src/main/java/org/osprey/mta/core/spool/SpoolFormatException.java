package org.osprey.mta.core.spool;

import java.io.IOException;

/** A spool file that is not in the format it should be: it says which file and where. */
public final class SpoolFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public SpoolFormatException(String message) {
        super(message);
    }
}
