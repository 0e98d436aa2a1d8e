package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** One operator of {@code ${op:subject}}; {@code arg} is what followed an underscore in the name ({@code sha2_512}), or null. */
@FunctionalInterface
interface Operator {

    String apply(Evaluation ev, String name, String arg, String subject) throws ExpansionException;
}
