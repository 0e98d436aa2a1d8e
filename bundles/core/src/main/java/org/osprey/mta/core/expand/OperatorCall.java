package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${op:subject}}. The subject is always expanded; an unknown operator is reported even
 * while skipping, a known one is not applied then.
 */
record OperatorCall(String name, Operator operator, String arg, Node subject) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String value = subject.eval(ev, skipping);
        if (operator == null) {
            throw ExpansionException.error("unknown expansion operator \"" + name + "\"");
        }
        return skipping ? "" : operator.apply(ev, name, arg, value);
    }
}
