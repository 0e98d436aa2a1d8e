package org.osprey.mta.core.lookup;

/** A lookup that could not be done: a bad specification, or a deferral (a server down, a file unreadable). */
public final class LookupException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean deferred;

    private LookupException(String message, boolean deferred) {
        super(message);
        this.deferred = deferred;
    }

    /** The specification is wrong: an unknown type, a missing file name. An expansion error in Exim's words. */
    public static LookupException error(String message) {
        return new LookupException(message, false);
    }

    /** The lookup could not be completed now (Exim sets {@code f.search_find_defer}). */
    public static LookupException deferred(String message) {
        return new LookupException(message, true);
    }

    public boolean isDeferred() {
        return deferred;
    }
}
