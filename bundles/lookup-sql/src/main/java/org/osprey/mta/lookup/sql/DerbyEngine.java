package org.osprey.mta.lookup.sql;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.derby.jdbc.EmbeddedDriver;

/**
 * Apache Derby's embedded engine, reached through its EmbeddedDriver directly (in OSGi,
 * java.sql.DriverManager does not see drivers in other bundles). The engine is loaded by
 * the first database opened, not when the lookup types are listed. Unless one of the
 * {@code derby.stream.error.*} properties says where, the engine's own log (derby.log,
 * written to the current directory by default) is discarded: what goes wrong reaches the
 * lookup's messages as exceptions.
 */
final class DerbyEngine {
    private static final String URL = "jdbc:derby:";
    private static final String ERROR_STREAM = "derby.stream.error.";

    private DerbyEngine() {
    }

    /** Opens the database in {@code directory}, creating it when there is none. */
    static Connection open(Path directory) throws SQLException {
        Properties attributes = new Properties();
        attributes.setProperty("create", "true");
        return Loaded.DRIVER.connect(URL + directory, attributes);
    }

    /** Shuts the database in {@code directory} down, so that another process can open it. */
    static void shutdown(Path directory) {
        Properties attributes = new Properties();
        attributes.setProperty("shutdown", "true");
        try {
            Loaded.DRIVER.connect(URL + directory, attributes);
        } catch (SQLException e) {
            // Derby answers a shutdown with an exception (SQL state 08006), and gives another
            // for a database that was not open: either way the database is closed now.
        }
    }

    /** The embedded driver, made on first use. */
    private static final class Loaded {
        static final Driver DRIVER = load();

        private static Driver load() {
            if (System.getProperties().stringPropertyNames().stream().noneMatch(p -> p.startsWith(ERROR_STREAM))) {
                System.setProperty(ERROR_STREAM + "method", "java.io.OutputStream.nullOutputStream");
            }
            return new EmbeddedDriver();
        }
    }
}
