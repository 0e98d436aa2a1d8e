package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code ${env{name}{yes}{no}}}: a variable of the environment the engine was given. */
record EnvItem(Node name, YesNo yesNo) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String savedValue = ev.value();
        String key = name.eval(ev, skipping);
        String value = ev.engine().environment().environmentVariables().get(ByteStrings.external(key));
        ev.setValue(ByteStrings.internal(value));
        return yesNo.apply(ev, skipping, value != null, savedValue, "env");
    }
}
