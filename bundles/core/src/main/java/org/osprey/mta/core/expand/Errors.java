package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** Rewording of expansion errors on their way out, keeping their kind (forced, deferred, error). */
final class Errors {
    private Errors() {
    }

    static ExpansionException wrap(ExpansionException e, String message) {
        if (e.isForcedFailure()) {
            return ExpansionException.forcedFailure(message);
        }
        if (e.isLookupDeferred()) {
            return ExpansionException.lookupDeferred(message);
        }
        return ExpansionException.error(message);
    }
}
