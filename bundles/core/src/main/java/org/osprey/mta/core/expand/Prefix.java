package org.osprey.mta.core.expand;

import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * An item whose text broke off: the arguments Exim read (and so expanded) before the syntax
 * error, ending in the error itself, which is raised when evaluation reaches it.
 */
record Prefix(List<Node> parts) implements Node {

    Prefix {
        parts = List.copyOf(parts);
    }

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        for (Node part : parts) {
            part.eval(ev, skipping);
        }
        throw ExpansionException.error("internal error: broken item without its syntax error");
    }
}
