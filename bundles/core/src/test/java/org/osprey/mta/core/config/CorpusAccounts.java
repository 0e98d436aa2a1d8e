package org.osprey.mta.core.config;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * The users and groups the corpus may name: the base accounts every Debian system has
 * (root, daemon, mail, nobody ...), copied into test resources, so the recorded output of
 * the reference and Osprey's agree on any machine.
 */
final class CorpusAccounts {
    private CorpusAccounts() {
    }

    static Accounts get() {
        return Accounts.fromFiles(resource("passwd"), resource("group"));
    }

    static Path resource(String name) {
        try {
            return Path.of(CorpusAccounts.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
