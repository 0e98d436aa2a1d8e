package org.osprey.mta.lookup.sql;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * Exim's pgsql lookup (lookups/pgsql.c, lf_sqlperform.c) over PostgreSQL's JDBC driver:
 * {@code ${lookup pgsql,servers=host/db/user/password {select ...}}}. The servers are
 * tried in turn ({@link ServerChoice}); a server that cannot be reached or refuses the
 * query is passed over for the next, and when none answers the lookup defers with the
 * last server's message. No row is not found; the data is made as Exim makes it
 * ({@link SqlQuery}). One connection per server (host, database and user) is kept open
 * for the finds that follow, and closed when the component stops.
 */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "pgsql")
public final class PgsqlDriver implements LookupDriver {
    /** The status libpq names for every error the JDBC driver reports as an exception. */
    private static final String FATAL_ERROR = "PGRES_FATAL_ERROR";

    private final Connections connections = new Connections();

    @Override
    public Style style() {
        return Style.QUERY;
    }

    @Override
    public LookupResult find(LookupRequest request) {
        ServerChoice choice;
        try {
            choice = ServerChoice.of(request.key(), request.options().get("servers"));
        } catch (ServerChoice.ChoiceException e) {
            return new LookupResult.Deferred(e.getMessage());
        }
        String message = null;
        for (String item : choice.items()) {
            PgsqlServer server;
            try {
                server = PgsqlServer.parse(choice.server(item));
            } catch (ServerChoice.ChoiceException | PgsqlServer.ServerException e) {
                return new LookupResult.Deferred(e.getMessage());
            }
            try {
                return connections.get(server.name(), () -> connect(server))
                        .use(connection -> SqlQuery.run(connection, choice.query()));
            } catch (SharedConnection.OpenException e) {
                message = "PGSQL connection failed: " + e.getMessage();
            } catch (SQLException e) {
                message = "PGSQL: query failed: " + e.getMessage() + " (" + FATAL_ERROR + ") (" + choice.query() + ")";
            }
        }
        return new LookupResult.Deferred(message);
    }

    /**
     * {@code ${quote_pgsql:...}} as Exim's pgsql_quote: a single quote is doubled; newline,
     * tab, carriage return and backspace become {@code \n}, {@code \t}, {@code \r} and
     * {@code \b}; a double quote and a backslash get a backslash before them. No option
     * is recognised.
     */
    @Override
    public Optional<String> quote(String value, String option) {
        if (!option.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder quoted = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\'' -> quoted.append("''");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                case '\r' -> quoted.append("\\r");
                case '\b' -> quoted.append("\\b");
                case '"', '\\' -> quoted.append('\\').append(c);
                default -> quoted.append(c);
            }
        }
        return Optional.of(quoted.toString());
    }

    /** Closes every connection; a find after this opens them again. */
    @Deactivate
    void close() {
        connections.closeAll();
    }

    private static Connection connect(PgsqlServer server) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password());
        properties.setProperty("ApplicationName", "osprey");
        Connection connection = Postgresql.DRIVER.connect(server.url(), properties);
        if (connection == null) {
            throw new SQLException("the PostgreSQL JDBC driver does not take " + server.url());
        }
        return connection;
    }

    /** The JDBC driver, loaded by the first connection rather than when the lookup types are listed. */
    private static final class Postgresql {
        static final Driver DRIVER = new org.postgresql.Driver();
    }
}
