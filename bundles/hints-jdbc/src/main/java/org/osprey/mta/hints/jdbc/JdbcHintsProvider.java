package org.osprey.mta.hints.jdbc;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.hints.HintsStoreProvider;

/**
 * The launcher's way to the JDBC store (listed in META-INF/services). Settings:
 * {@code hints_url} (a JDBC URL; unset or empty for embedded Derby in {@code <spool>/db/hints}),
 * {@code hints_user} and {@code hints_password}.
 */
public final class JdbcHintsProvider implements HintsStoreProvider {
    public static final String URL = "hints_url";
    public static final String USER = "hints_user";
    public static final String PASSWORD = "hints_password";

    @Override
    public HintsStore open(Path spoolDirectory, Map<String, String> settings) throws HintsException {
        String url = settings.getOrDefault(URL, "");
        if (url.isEmpty()) {
            return JdbcHintsStore.derby(spoolDirectory, Clock.systemUTC());
        }
        return JdbcHintsStore.open(url, settings.get(USER), settings.get(PASSWORD), Clock.systemUTC());
    }
}
