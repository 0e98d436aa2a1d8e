package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code !condition}. */
record Negated(Condition condition) implements Condition {

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        return !condition.test(ev, skipping);
    }
}
