package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * The strings after the head of {@code ${if}}, {@code ${lookup}}, {@code ${extract}} and their
 * kin (Exim's process_yesno): none (then "true" or {@code $value}), a "yes" string, a "no"
 * string or the keyword {@code fail}. The string not wanted is still scanned, as skipped.
 */
record YesNo(Node yes, Node no, boolean failKeyword, String failRemaining, SyntaxError trailing) {

    static final YesNo NONE = new YesNo(null, null, false, null, null);

    static YesNo broken(Node yes) {
        return new YesNo(yes, null, false, null, null);
    }

    static SyntaxError curly(String where, String remaining) {
        return SyntaxError.curly("curly-bracket problem in conditional yes/no parsing: " + where
                + "\n remaining string is '" + remaining + "'");
    }

    /**
     * The result, given whether the item succeeded. {@code $value} is put back to
     * {@code savedValue} before the "no" string is expanded, as Exim does.
     */
    String apply(Evaluation ev, boolean skipping, boolean success, String savedValue, String type)
            throws ExpansionException {
        if (yes == null) {
            if (type.equals("if")) {
                return success && !skipping ? "true" : "";
            }
            String r = success && ev.value() != null && !skipping ? ev.value() : "";
            ev.setValue(savedValue);
            return r;
        }
        String first = yes.eval(ev, !success);
        String result = success ? first : "";
        ev.setValue(savedValue);
        if (no != null) {
            String second = no.eval(ev, success || skipping);
            if (!success) {
                result = second;
            }
        } else if (failKeyword) {
            if (!success && !skipping) {
                if (failRemaining != null) {
                    throw ExpansionException.error(curly("did not close with '}' after forcedfail", failRemaining).eval(ev));
                }
                throw ExpansionException.forcedFailure("\"" + type + "\" failed and \"fail\" requested");
            }
            if (failRemaining != null) {
                throw ExpansionException.error(curly("did not close with '}'", failRemaining).eval(ev));
            }
        }
        if (trailing != null) {
            trailing.eval(ev, skipping);
        }
        return result;
    }
}
