package org.osprey.mta.core.expand;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/** {@code saslauthd{{user}{password}{service}{realm}}}: the engine has no saslauthd client; it fails as Exim does without the daemon. */
record SaslauthdCondition(List<Node> args) implements Condition {
    private static final String SOCKET = "/var/run/saslauthd/mux";

    @Override
    public boolean test(Evaluation ev, boolean skipping) throws ExpansionException {
        for (Node n : args) {
            n.eval(ev, skipping);
        }
        if (skipping) {
            return false;
        }
        throw ExpansionException.error("cannot connect to saslauthd daemon at " + SOCKET + ": "
                + (Files.exists(Path.of(SOCKET)) ? "Connection refused" : "No such file or directory"));
    }
}
