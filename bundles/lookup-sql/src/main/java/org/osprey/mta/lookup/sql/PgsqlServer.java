package org.osprey.mta.lookup.sql;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One item of a pgsql server list, {@code host/database/user/password} as Exim's
 * pgsql.c splits it: the last three slashes end the host, the database and the user, so
 * only the host part may hold a slash. The host is a name or address with an optional
 * {@code :port}; an empty host means the local machine, an empty database the user's own.
 *
 * @param host the host name or address, never empty
 * @param port the port, empty for PostgreSQL's default
 * @param database the database, empty for the one named after the user
 * @param user the user name
 * @param password the password
 * @param name {@code host[:port]/database/user}: the server without its password, as Exim
 *        names a cached connection and as messages show it
 */
record PgsqlServer(String host, String port, String database, String user, String password, String name) {
    private static final String LOCAL_HOST = "localhost";

    /**
     * Reads one server item.
     *
     * @throws ServerException with Exim's message when the item is not a server
     */
    static PgsqlServer parse(String item) throws ServerException {
        int passwordSlash = item.lastIndexOf('/');
        if (passwordSlash < 0) {
            throw new ServerException("incomplete pgSQL server data: " + item);
        }
        String name = item.substring(0, passwordSlash);
        int userSlash = name.lastIndexOf('/');
        int databaseSlash = userSlash < 0 ? -1 : name.lastIndexOf('/', userSlash - 1);
        if (databaseSlash < 0) {
            throw new ServerException("incomplete pgSQL server data: " + name);
        }
        String address = name.substring(0, databaseSlash);
        if (address.startsWith("(")) {
            // libpq's Unix domain sockets: the JDBC driver speaks TCP only.
            throw new ServerException("PGSQL Unix domain socket connections are not supported: " + name);
        }
        int colon = address.indexOf(':');
        String host = colon < 0 ? address : address.substring(0, colon);
        String port = colon < 0 ? "" : address.substring(colon + 1);
        if (host.indexOf('/') >= 0) {
            throw new ServerException("unexpected slash in pgSQL server hostname: " + host);
        }
        return new PgsqlServer(host.isEmpty() ? LOCAL_HOST : host, port, name.substring(databaseSlash + 1, userSlash),
                name.substring(userSlash + 1), item.substring(passwordSlash + 1), name);
    }

    /** The JDBC URL of the database; user and password go separately. */
    String url() {
        return "jdbc:postgresql://" + host + (port.isEmpty() ? "" : ":" + port) + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8);
    }

    /** A server item that is not a server: the lookup defers without trying the items after it. */
    static final class ServerException extends Exception {
        private static final long serialVersionUID = 1L;

        ServerException(String message) {
            super(message);
        }
    }
}
