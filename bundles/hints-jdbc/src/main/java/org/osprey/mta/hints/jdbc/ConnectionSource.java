package org.osprey.mta.hints.jdbc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Where the store's connections come from: a JDBC URL, the driver for it and a few idle
 * connections kept for reuse. Drivers are made directly (Derby's EmbeddedDriver for
 * {@code jdbc:derby:}, PostgreSQL's Driver for {@code jdbc:postgresql:}), never looked up
 * through java.sql.DriverManager, which does not see other bundles' drivers in OSGi; any
 * other URL goes to DriverManager, which works on the launcher's flat class path.
 */
final class ConnectionSource implements AutoCloseable {
    private static final int IDLE = 4;
    private static final String ERROR_STREAM = "derby.stream.error.";

    private final String url;
    private final Properties properties;
    private final Driver driver;
    private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(IDLE);
    private volatile boolean closed;

    ConnectionSource(String url, String user, String password) {
        this.url = url;
        this.properties = new Properties();
        if (user != null && !user.isEmpty()) {
            properties.setProperty("user", user);
        }
        if (password != null && !password.isEmpty()) {
            properties.setProperty("password", password);
        }
        this.driver = driverFor(url);
    }

    /** The URL of the embedded Derby database under a spool directory: {@code jdbc:derby:<spool>/db/hints;create=true}. */
    static String derbyUrl(Path spoolDirectory) {
        return "jdbc:derby:" + spoolDirectory.resolve("db").resolve("hints") + ";create=true";
    }

    String url() {
        return url;
    }

    boolean isDerby() {
        return url.startsWith("jdbc:derby:");
    }

    Connection get() throws SQLException {
        Connection c;
        while ((c = idle.poll()) != null) {
            if (c.isValid(2)) {
                return c;
            }
            quietly(c);
        }
        if (isDerby()) {
            makeDerbyParent();
        }
        c = driver != null ? driver.connect(url, properties) : DriverManager.getConnection(url, properties);
        if (c == null) {
            throw new SQLException("no JDBC driver accepts " + url);
        }
        return c;
    }

    /** Gives a connection back: kept when in a clean state and there is room, else closed. */
    void release(Connection c, boolean clean) {
        if (c == null) {
            return;
        }
        try {
            if (clean && !closed && c.getAutoCommit() && idle.offer(c)) {
                return;
            }
        } catch (SQLException e) {
            // closed below
        }
        quietly(c);
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.poll()) != null) {
            quietly(c);
        }
        if (isDerby() && driver != null) {
            // Shut the database down (not the engine, which other bundles may use) so another process can open it.
            String base = url.contains(";") ? url.substring(0, url.indexOf(';')) : url;
            try {
                driver.connect(base + ";shutdown=true", new Properties());
            } catch (SQLException e) {
                // Derby answers a shutdown with an exception (08006): the database is closed.
            }
        }
    }

    private void makeDerbyParent() throws SQLException {
        String path = url.substring("jdbc:derby:".length());
        int semi = path.indexOf(';');
        if (semi >= 0) {
            path = path.substring(0, semi);
        }
        if (path.startsWith("memory:") || path.contains("//")) {
            return;
        }
        Path parent = Path.of(path).toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new SQLException("cannot create " + parent + ": " + e.getMessage(), e);
        }
    }

    private static Driver driverFor(String url) {
        if (url.startsWith("jdbc:derby:")) {
            return Derby.DRIVER;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Postgres.driver();
        }
        return null;
    }

    private static void quietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // nothing to do
        }
    }

    /** Derby's embedded driver, made on first use; Derby's own log is discarded unless a derby.stream.error property says otherwise. */
    private static final class Derby {
        static final Driver DRIVER = load();

        private static Driver load() {
            if (System.getProperties().stringPropertyNames().stream().noneMatch(p -> p.startsWith(ERROR_STREAM))) {
                System.setProperty(ERROR_STREAM + "method", "java.io.OutputStream.nullOutputStream");
            }
            return new org.apache.derby.jdbc.EmbeddedDriver();
        }
    }

    /** PostgreSQL's driver, loaded only when a postgresql URL is configured (the import is optional). */
    private static final class Postgres {
        static Driver driver() {
            try {
                return new org.postgresql.Driver();
            } catch (NoClassDefFoundError e) {
                return null;
            }
        }
    }
}
