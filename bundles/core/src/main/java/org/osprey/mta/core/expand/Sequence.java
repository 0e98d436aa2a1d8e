package org.osprey.mta.core.expand;

import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * Pieces expanded in order and joined: the body of a string or of a braced argument. As Exim's
 * strings end at a NUL byte, so does the result (an escape such as {@code \x00} cuts it short).
 */
record Sequence(List<Node> parts) implements Node {

    Sequence {
        parts = List.copyOf(parts);
    }

    @Override
    public String eval(Evaluation ev, boolean skipping) throws ExpansionException {
        StringBuilder out = new StringBuilder();
        for (Node part : parts) {
            out.append(part.eval(ev, skipping));
            ev.checkLength(out.length());
        }
        int nul = out.indexOf("\0");
        return nul < 0 ? out.toString() : out.substring(0, nul);
    }
}
