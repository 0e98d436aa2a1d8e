package org.osprey.mta.core.hints;

import java.nio.file.Path;
import java.util.Map;

/**
 * Opens a hints store for the command-line launcher, which finds providers with
 * {@link java.util.ServiceLoader} (in OSGi the store is a service of its own and this is
 * not used).
 */
public interface HintsStoreProvider {
    /**
     * Opens the store.
     *
     * @param spoolDirectory the spool directory (the default store lives in its {@code db/})
     * @param settings the provider's settings, such as {@code hints_url}, {@code hints_user}
     *        and {@code hints_password} for the JDBC store; empty for the defaults
     */
    HintsStore open(Path spoolDirectory, Map<String, String> settings) throws HintsException;
}
