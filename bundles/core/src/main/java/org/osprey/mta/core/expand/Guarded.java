package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** An item refused, skipping or not, when the context forbids what it does. */
record Guarded(Restriction restriction, Node item) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        if (ev.context().forbids(restriction)) {
            throw ExpansionException.error(restriction.message());
        }
        return item.eval(ev, skipping);
    }
}
