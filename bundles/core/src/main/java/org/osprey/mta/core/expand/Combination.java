package org.osprey.mta.core.expand;

import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code and{{c1}{c2}...}} and {@code or{...}}: once the answer is known the rest are only scanned. */
record Combination(String name, List<Condition> conditions, boolean brokenAtLevel) implements Condition {

    Combination {
        conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        boolean and = name.equals("and");
        boolean combined = and;
        boolean decided = skipping;
        for (int i = 0; i < conditions.size(); i++) {
            Condition c = conditions.get(i);
            boolean last = i == conditions.size() - 1;
            boolean r;
            if (brokenAtLevel && last) {
                c.test(ev, decided);    // the group's own syntax error, reported as it is
            }
            try {
                r = c.test(ev, decided);
            } catch (ExpansionException e) {
                throw Errors.wrap(e, e.getMessage() + " inside \"" + name + "{...}\" condition");
            }
            if (!decided) {
                if (and) {
                    combined &= r;
                    decided = !combined;
                } else {
                    combined |= r;
                    decided = combined;
                }
            }
        }
        return combined;
    }
}
