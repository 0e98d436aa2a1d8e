package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * A piece of a compiled expansion string. Immutable; evaluated many times. When
 * {@code skipping} is true the result is not wanted (Exim's "skipping" state: the branch of an
 * {@code ${if}} not taken): no lookups, commands or other work are done, but the errors that
 * Exim reports even then (unknown variables, syntax) are still raised.
 */
interface Node {

    String eval(Evaluation ev, boolean skipping) throws ExpansionException;
}
