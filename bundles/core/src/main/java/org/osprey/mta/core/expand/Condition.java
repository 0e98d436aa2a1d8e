package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * A compiled condition of {@code ${if}}, {@code filter}, {@code forall} and friends. When
 * {@code skipping} the result is ignored and only Exim's always-reported errors are raised.
 */
interface Condition {

    boolean test(Evaluation ev, boolean skipping) throws ExpansionException;
}
