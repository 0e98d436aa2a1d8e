package org.osprey.mta.kernel.expand;

/**
 * An expansion did not produce a string. Exim tells two cases apart, and so must a driver:
 * a <em>forced failure</em> ({@code ${if ...{...}fail}}), which configurations use on
 * purpose (a router whose option is forced to fail declines), and an <em>error</em>
 * (bad syntax, an unknown variable, a lookup that deferred), which defers or fails the
 * work with the message.
 */
public final class ExpansionException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean forcedFailure;
    private final boolean lookupDeferred;

    private ExpansionException(String message, boolean forcedFailure, boolean lookupDeferred) {
        super(message);
        this.forcedFailure = forcedFailure;
        this.lookupDeferred = lookupDeferred;
    }

    /** An expansion error, with Exim's message (such as {@code unknown variable name "foo"}). */
    public static ExpansionException error(String message) {
        return new ExpansionException(message, false, false);
    }

    /** A forced failure, from the {@code fail} keyword. */
    public static ExpansionException forcedFailure(String message) {
        return new ExpansionException(message, true, false);
    }

    /** A lookup in the expansion could not complete now (Exim's {@code f.search_find_defer}). */
    public static ExpansionException lookupDeferred(String message) {
        return new ExpansionException(message, false, true);
    }

    public boolean isForcedFailure() {
        return forcedFailure;
    }

    public boolean isLookupDeferred() {
        return lookupDeferred;
    }
}
