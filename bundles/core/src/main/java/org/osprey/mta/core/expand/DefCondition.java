package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code def:variable} (true when not empty) and {@code def:h_header:} (true when the header exists). */
record DefCondition(String name, boolean header) implements Condition {

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        if (header) {
            if (name.indexOf('}') >= 0) {
                ev.noteMalformedHeader();
            }
            return HeaderReference.find(ev.context().headers(), name, 'r') != null;
        }
        String value = ev.variable(name, skipping);
        if (value == null) {
            String message = name.isEmpty() ? "variable name omitted after \"def:\""
                    : "unknown variable \"" + name + "\" after \"def:\"";
            throw ExpansionException.error(Variables.explainUnknown(message, name));
        }
        return !value.isEmpty();
    }
}
