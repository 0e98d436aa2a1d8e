package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code ${certextract{field}{$tls_..._cert}{yes}{no}}}. The engine holds no certificates in
 * its contexts yet, so a certificate variable is always empty and the item takes its "no" path.
 */
record CertExtractItem(Node field, Node variable, YesNo yesNo) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String savedValue = ev.value();
        Object saved = ev.saveNumbered();
        field.eval(ev, skipping);
        String name = variable.eval(ev, skipping);
        if (!skipping) {
            if (ev.variable(name, true) == null) {
                throw ExpansionException.error("no variable named \"" + name + "\"");
            }
            if (!Variables.CERTIFICATES.contains(name)) {
                throw ExpansionException.error("\"" + name + "\" is not a certificate");
            }
        }
        ev.setValue(null);
        String out = yesNo.apply(ev, skipping, false, savedValue, "certextract");
        ev.restoreNumbered(saved);
        return out;
    }
}
