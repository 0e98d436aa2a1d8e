package org.osprey.mta.lookup.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * Runs one lookup query on a connection and turns its outcome into a lookup result as
 * Exim's pgsql lookup does: rows are found data ({@link ResultText}); no row is not
 * found; a statement that returns no rows (insert, update, delete) gives the number of
 * rows it changed, and that answer is not cached. When the query holds several
 * statements, the last one's outcome counts, as with libpq's PQexec.
 */
final class SqlQuery {
    private SqlQuery() {
    }

    /** @throws SQLException when the database refuses the query or the connection fails */
    static LookupResult run(Connection connection, String query) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            LookupResult outcome = new LookupResult.NotFound(true);
            boolean rows = statement.execute(query);
            while (true) {
                if (rows) {
                    String text = ResultText.of(statement.getResultSet());
                    outcome = text == null ? new LookupResult.NotFound(true) : new LookupResult.Found(text, true);
                } else {
                    int changed = statement.getUpdateCount();
                    if (changed < 0) {
                        return outcome;
                    }
                    outcome = new LookupResult.Found(Integer.toString(changed), false);
                }
                rows = statement.getMoreResults();
            }
        }
    }
}
