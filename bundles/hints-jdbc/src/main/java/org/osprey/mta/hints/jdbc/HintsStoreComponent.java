package org.osprey.mta.hints.jdbc;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The JDBC hints store as an OSGi service, configured by the PID
 * {@code org.osprey.mta.hints.jdbc} (etc/org.osprey.mta.hints.jdbc.cfg in Karaf). Without a
 * URL the store is embedded Derby under the spool directory; with one (for example a
 * PostgreSQL server shared by several nodes) it is that database.
 */
@Component(service = HintsStore.class, configurationPid = "org.osprey.mta.hints.jdbc",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class HintsStoreComponent implements HintsStore {

    /** The component's configuration. */
    public @interface Config {
        /** The spool directory: the embedded database is {@code <spool>/db/hints}. */
        String spoolDirectory() default "/var/spool/exim4";

        /** A JDBC URL, such as {@code jdbc:postgresql://db.example:5432/osprey}; empty for embedded Derby. */
        String url() default "";

        String user() default "";

        /** The password (use {@code .password} in the PID to keep it out of listings). */
        String _password() default "";
    }

    private final JdbcHintsStore store;

    @Activate
    public HintsStoreComponent(Config config) throws HintsException {
        this.store = config.url().isEmpty()
                ? JdbcHintsStore.derby(Path.of(config.spoolDirectory()), Clock.systemUTC())
                : JdbcHintsStore.open(config.url(), config.user(), config._password(), Clock.systemUTC());
    }

    @Override
    public Optional<Entry> get(String database, String key) throws HintsException {
        return store.get(database, key);
    }

    @Override
    public void put(String database, String key, String value) throws HintsException {
        store.put(database, key, value);
    }

    @Override
    public boolean delete(String database, String key) throws HintsException {
        return store.delete(database, key);
    }

    @Override
    public Optional<String> update(String database, String key, Function<Optional<Entry>, Optional<String>> change)
            throws HintsException {
        return store.update(database, key, change);
    }

    @Override
    public List<Entry> list(String database) throws HintsException {
        return store.list(database);
    }

    @Override
    public Set<String> databases() throws HintsException {
        return store.databases();
    }

    @Override
    public void clear() throws HintsException {
        store.clear();
    }

    @Override
    public List<String> tidy(String database, Instant oldest, java.util.function.Predicate<String> messageExists)
            throws HintsException {
        return store.tidy(database, oldest, messageExists);
    }

    @Deactivate
    @Override
    public void close() {
        store.close();
    }
}
