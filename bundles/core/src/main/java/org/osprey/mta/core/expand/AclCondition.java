package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code acl{{name}{args}...}}: true when the ACL accepts, false when it denies; its message goes to $value. */
record AclCondition(List<Node> args) implements Condition {

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        List<String> values = new ArrayList<>();
        for (Node n : args) {
            values.add(n.eval(ev, skipping));
        }
        if (skipping) {
            return false;
        }
        AclRunner.Result r = ev.engine().environment().aclRunner().run(values.get(0), values.subList(1, values.size()),
                ev.context());
        switch (r.verdict()) {
            case OK:
            case FAIL:
                ev.setValue(r.message());
                return r.verdict() == AclRunner.Verdict.OK;
            case DEFER:
                throw ExpansionException.forcedFailure("DEFER from acl \"" + values.get(0) + "\"");
            default:
                throw ExpansionException.error(r.verdict() + " from acl \"" + values.get(0) + "\"");
        }
    }
}
