package org.osprey.mta.core.expand;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * An item whose arguments are braced strings read by Exim's read_subs ({@code tr}, {@code hmac},
 * {@code substr} ...). Some act even when skipping, so that Exim's errors about bad arguments
 * appear there too.
 */
record ArgsItem(List<Node> args, int max, ItemAction action, boolean whenSkipping) implements Node {

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        List<String> values = new ArrayList<>(max);
        for (Node arg : args) {
            values.add(arg.eval(ev, skipping));
        }
        while (values.size() < max) {
            values.add(null);
        }
        if (skipping && !whenSkipping) {
            return "";
        }
        String result = action.apply(ev, values);
        return skipping ? "" : result;
    }
}
