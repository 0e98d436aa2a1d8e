package org.osprey.mta.core.expand;

import java.util.regex.Matcher;
import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code match{subject}{regex}}: sets $0, $1 ... when it matches. */
final class RegexCondition extends TwoArgs {

    RegexCondition(String name, Node first, Node second) {
        super(name, first, second);
    }

    @Override
    boolean decide(Evaluation ev, String subject, String pattern, long na, long nb) throws ExpansionException {
        Matcher m = Regex.matcher(Regex.compile(pattern, false), subject);
        if (!Regex.find(m)) {
            return false;
        }
        String[] groups = Regex.groups(m);
        ev.setNumbered(groups, groups.length);
        return true;
    }
}
