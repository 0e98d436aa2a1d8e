package org.osprey.mta.core.expand;

import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/** What an item with plain braced arguments does with their values (null for those not given). */
@FunctionalInterface
interface ItemAction {

    String apply(Evaluation ev, List<String> args) throws ExpansionException;
}
