package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code ${if condition {yes}{no}}}: the numbered variables and $value are restored afterwards. */
record IfItem(Condition condition, YesNo yesNo) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        Object saved = ev.saveNumbered();
        String savedValue = ev.value();
        boolean result = condition.test(ev, skipping);
        if (skipping) {
            result = false;
        }
        String out = yesNo.apply(ev, skipping, result, ev.value(), "if");
        ev.setValue(savedValue);
        ev.restoreNumbered(saved);
        return out;
    }
}
