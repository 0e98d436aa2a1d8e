package org.osprey.mta.lookup.sql;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * The derby lookup: SQL on an embedded Apache Derby database, written as Exim's sqlite
 * lookup is: {@code ${lookup derby,file=/var/lib/osprey/lookups {select ...}}}. The
 * database is the directory the {@code file=} option names, an absolute path, else
 * {@link #defaultDirectory()}; one that does not exist yet is created, as SQLite creates
 * its file. Answers are made as the pgsql lookup makes them ({@link SqlQuery}); a database
 * that cannot be opened fails the lookup, a query Derby refuses defers it. Trailing
 * semicolons are dropped, since Derby takes none. One connection per database is kept
 * open; when the component stops, the databases are closed and shut down, so that
 * another process can open them (Derby lets one process at a time in).
 */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "derby")
public final class DerbyDriver implements LookupDriver {
    static final String LOCATION_PROPERTY = "osprey.derby.lookups";
    /** The homes tried in turn: the launcher's, then Karaf's own. */
    private static final String[] HOME_PROPERTIES = {"osprey.home", "karaf.base"};

    private final Connections connections = new Connections();

    @Override
    public Style style() {
        return Style.QUERY;
    }

    @Override
    public LookupResult find(LookupRequest request) {
        Path database = databaseNamed(request.options().getOrDefault("file", ""));
        if (database == null) {
            return new LookupResult.Failed("absolute file name expected for \"derby\" lookup");
        }
        if (database.toString().indexOf(';') >= 0) {
            // Derby would read what follows the semicolon as connection attributes.
            return new LookupResult.Failed("a Derby database name cannot hold a semicolon: " + database);
        }
        String query = withoutTrailingSemicolons(request.key());
        try {
            return connections.get(database.toString(), () -> DerbyEngine.open(database))
                    .use(connection -> SqlQuery.run(connection, query));
        } catch (SharedConnection.OpenException e) {
            return new LookupResult.Failed("failed to open Derby database " + database + ": " + e.getMessage());
        } catch (SQLException e) {
            return new LookupResult.Deferred("Derby: query failed: " + e.getMessage() + " (" + e.getSQLState() + ") ("
                    + query + ")");
        }
    }

    /** {@code ${quote_derby:...}}: single quotes doubled, as SQL string literals need. No option is recognised. */
    @Override
    public Optional<String> quote(String value, String option) {
        return option.isEmpty() ? Optional.of(value.replace("'", "''")) : Optional.empty();
    }

    /** Closes every connection and shuts its database down; a find after this opens them again. */
    @Deactivate
    void close() {
        for (String database : connections.closeAll()) {
            DerbyEngine.shutdown(Path.of(database));
        }
    }

    /**
     * The database of a lookup without {@code file=}: the directory the system property
     * {@value #LOCATION_PROPERTY} names, else {@code data/derby/lookups} under the first
     * of {@code osprey.home} (set by bin/mta) and {@code karaf.base} (inside Karaf, the
     * same directory), else under the current directory.
     */
    static Path defaultDirectory() {
        String location = System.getProperty(LOCATION_PROPERTY, "");
        if (!location.isEmpty()) {
            return Path.of(location);
        }
        for (String property : HOME_PROPERTIES) {
            String home = System.getProperty(property, "");
            if (!home.isEmpty()) {
                return Path.of(home, "data", "derby", "lookups").toAbsolutePath();
            }
        }
        return Path.of("data", "derby", "lookups").toAbsolutePath();
    }

    /** The database {@code file} names, the default one when it is empty; null when that is no absolute path. */
    private static Path databaseNamed(String file) {
        try {
            Path database = file.isEmpty() ? defaultDirectory() : Path.of(file);
            return database.isAbsolute() ? database.normalize() : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String withoutTrailingSemicolons(String query) {
        int end = query.length();
        while (end > 0 && (query.charAt(end - 1) == ';' || Character.isWhitespace(query.charAt(end - 1)))) {
            end--;
        }
        return query.substring(0, end);
    }
}
