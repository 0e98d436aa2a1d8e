package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code $name} or {@code ${name}}: one of Exim's variables. */
record VariableReference(String name, boolean braced) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String value = ev.variable(name, skipping);
        if (value == null) {
            String message = braced ? "unknown variable in \"${" + name + "}\"" : "unknown variable name \"" + name + "\"";
            throw ExpansionException.error(Variables.explainUnknown(message, name));
        }
        return value;
    }
}
