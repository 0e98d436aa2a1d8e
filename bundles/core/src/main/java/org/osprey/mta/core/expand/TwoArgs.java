package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * The conditions that take two braced strings. Both are expanded in turn; for the symbolic
 * (numeric) comparisons each is read as a number as soon as it is expanded, as Exim does.
 */
abstract class TwoArgs implements Condition {
    final String name;
    private final Node first;
    private final Node second;

    TwoArgs(String name, Node first, Node second) {
        this.name = name;
        this.first = first;
        this.second = second;
    }

    static Condition of(String name, Node first, Node second) {
        switch (name) {
            case "match": return new RegexCondition(name, first, second);
            case "crypteq": return new CryptEqCondition(name, first, second);
            case "inlist": case "inlisti": case "match_address": case "match_domain": case "match_ip":
            case "match_local_part":
                return new ListCondition(name, first, second);
            default: return new Comparison(name, first, second);
        }
    }

    @Override
    public final boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        boolean numeric = !Chars.isAlpha(name.charAt(0));
        String a = first.eval(ev, skipping);
        long na = numeric && !skipping ? Numbers.integer(a) : 0;
        if (second == null) {
            throw ExpansionException.error("missing 2nd string in {} after \"" + name + "\"");
        }
        String b = second.eval(ev, skipping);
        long nb = numeric && !skipping ? Numbers.integer(b) : 0;
        if (skipping) {
            return false;
        }
        return decide(ev, a, b, na, nb);
    }

    abstract boolean decide(Evaluation ev, String a, String b, long na, long nb) throws ExpansionException;
}
