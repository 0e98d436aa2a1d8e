package org.osprey.mta.lookup.sql;

import java.util.List;

/**
 * Which servers a pgsql lookup tries, in order, and the query it sends them: Exim's
 * lf_sqlperform. The servers are the {@code servers=} lookup option's list
 * ({@code pgsql,servers=host/db/user/password:...}), which stands for Exim's
 * {@code pgsql_servers}; a query that starts {@code servers=LIST;} is sent to that list
 * instead. An item with no slash names a server of the option's list by its host part,
 * as in Exim, and is looked up there only when its turn comes.
 *
 * @param items the server items to try, in order
 * @param query the query to send
 * @param option the {@code servers=} option's list, where host-only items are looked up
 */
record ServerChoice(List<String> items, String query, String option) {
    private static final String SERVERS = "servers";
    private static final String OPTION = "the servers option";

    /**
     * @param query the lookup's query
     * @param option the {@code servers=} option's value, or null when there is none
     * @return a choice of one server or more
     * @throws ChoiceException with Exim's message when no server can be chosen
     */
    static ServerChoice of(String query, String option) throws ChoiceException {
        if (!query.startsWith(SERVERS)) {
            List<String> items = option == null ? List.of() : EximList.items(option);
            if (items.isEmpty()) {
                throw new ChoiceException("no PostgreSQL servers defined (" + OPTION + ")");
            }
            return new ServerChoice(items, query, option);
        }
        int at = skipSpace(query, SERVERS.length());
        if (at >= query.length() || query.charAt(at) != '=') {
            throw new ChoiceException("missing = after \"servers\" in PostgreSQL lookup");
        }
        at = skipSpace(query, at + 1);
        int semicolon = query.indexOf(';', at);
        if (semicolon < 0) {
            throw new ChoiceException("missing ; after \"servers=\" in PostgreSQL lookup");
        }
        List<String> items = EximList.items(query.substring(at, semicolon));
        if (items.isEmpty()) {
            throw new ChoiceException("\"servers=\" defines no servers in \"" + query + "\"");
        }
        return new ServerChoice(items, query.substring(semicolon + 1), option == null ? "" : option);
    }

    /**
     * The server an item stands for: the item itself when it has a slash, else the server
     * of the option's list whose host part it is.
     *
     * @throws ChoiceException when the option's list has no such server
     */
    String server(String item) throws ChoiceException {
        if (item.indexOf('/') >= 0) {
            return item;
        }
        for (String server : EximList.items(option)) {
            if (server.startsWith(item) && server.length() > item.length() && server.charAt(item.length()) == '/') {
                return server;
            }
        }
        throw new ChoiceException("PostgreSQL server \"" + item + "\" not found in " + OPTION);
    }

    private static int skipSpace(String s, int at) {
        while (at < s.length() && (s.charAt(at) == ' ' || (s.charAt(at) >= '\t' && s.charAt(at) <= '\r'))) {
            at++;
        }
        return at;
    }

    /** No server can be chosen: the lookup defers. */
    static final class ChoiceException extends Exception {
        private static final long serialVersionUID = 1L;

        ChoiceException(String message) {
            super(message);
        }
    }
}
