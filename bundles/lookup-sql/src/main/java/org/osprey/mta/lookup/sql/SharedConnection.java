package org.osprey.mta.lookup.sql;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One JDBC connection to one server or database, opened by the first find that needs it
 * and kept for the finds that follow, which take turns on it. A connection that fails
 * (one the driver has closed, or an error of SQL's connection-exception class 08) is
 * closed and forgotten; the next find opens a new one. It never retries a query itself.
 */
final class SharedConnection {
    private static final String CONNECTION_EXCEPTION = "08";

    private final Opener opener;
    private Connection connection;

    SharedConnection(Opener opener) {
        this.opener = opener;
    }

    /** Opens a connection; never returns null. */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    /** What a find does with the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on the connection, opening it first if there is none.
     *
     * @throws OpenException when the connection cannot be opened
     * @throws SQLException what {@code work} threw
     */
    synchronized <T> T use(Work<T> work) throws OpenException, SQLException {
        if (connection == null) {
            try {
                connection = opener.open();
            } catch (SQLException e) {
                throw new OpenException(e);
            }
        }
        try {
            return work.run(connection);
        } catch (SQLException e) {
            if (isBroken(e)) {
                close();
            }
            throw e;
        }
    }

    /** Closes the connection, if one is open; the next use opens another. */
    synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing a connection that has failed may fail too; it is gone either way.
            }
            connection = null;
        }
    }

    private boolean isBroken(SQLException e) {
        if (e.getSQLState() != null && e.getSQLState().startsWith(CONNECTION_EXCEPTION)) {
            return true;
        }
        try {
            return connection.isClosed();
        } catch (SQLException closedCheckFailed) {
            return true;
        }
    }

    /** The connection could not be opened; the cause says why. */
    static final class OpenException extends Exception {
        private static final long serialVersionUID = 1L;

        OpenException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
