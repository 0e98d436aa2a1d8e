package org.osprey.mta.core.expand;

import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code ${listextract{n}{list}{yes}{no}}}: the n-th item (negative counts from the end) into $value. */
record ListExtractItem(Node field, Node list, YesNo yesNo) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        String savedValue = ev.value();
        Object saved = ev.saveNumbered();
        String f = Chars.trim(field.eval(ev, skipping));
        if (f.isEmpty() && !skipping) {
            throw ExpansionException.error("first argument of \"listextract\" must not be empty");
        }
        int sign = 1;
        int i = 0;
        if (f.startsWith("-")) {
            sign = -1;
            i = 1;
        }
        int x = 0;
        while (i < f.length() && Chars.isDigit(f.charAt(i))) {
            x = x * 10 + f.charAt(i++) - '0';
        }
        if (i < f.length()) {
            throw ExpansionException.error("first argument of \"listextract\" must be numeric");
        }
        String text = list.eval(ev, skipping);
        String value = skipping ? null : element(sign * x, text);
        ev.setValue(value);
        String out = yesNo.apply(ev, skipping, value != null, savedValue, "listextract");
        ev.restoreNumbered(saved);
        return out;
    }

    private static String element(int field, String text) {
        java.util.List<String> items = ListReader.items(text);
        if (field < 0) {
            field += items.size() + 1;
        }
        return field > 0 && field <= items.size() ? items.get(field - 1) : null;
    }
}
