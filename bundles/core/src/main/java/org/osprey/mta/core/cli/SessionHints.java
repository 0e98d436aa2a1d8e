package org.osprey.mta.core.cli;

import java.nio.file.Path;
import java.util.function.Supplier;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The hints store of a command-line SMTP session (-bs, inetd, -bh), opened the first time
 * an ACL or ETRN needs it (ratelimit, the callout cache, smtp_etrn_serialize) and closed when
 * the session ends, so that a session that needs none does not boot the store. A store that
 * cannot be opened supplies null: what needs it defers, as Exim does when a DBM file cannot
 * be opened.
 */
final class SessionHints implements Supplier<HintsStore>, AutoCloseable {
    private final Path spoolDirectory;
    private final Path home;
    private HintsStore store;
    private boolean tried;

    SessionHints(Path spoolDirectory, Path home) {
        this.spoolDirectory = spoolDirectory;
        this.home = home;
    }

    @Override
    public synchronized HintsStore get() {
        if (!tried) {
            tried = true;
            try {
                store = EngineFactory.openHints(spoolDirectory, home);
            } catch (HintsException e) {
                store = null;
            }
        }
        return store;
    }

    @Override
    public synchronized void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
