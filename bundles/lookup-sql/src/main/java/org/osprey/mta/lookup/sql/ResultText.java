package org.osprey.mta.lookup.sql;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The data of an SQL lookup, made from the rows of a result as Exim's SQL lookups make it:
 * with one column, each row is its value; with several, each row is
 * {@code name=value } pairs, each followed by a space, the value quoted as lf_quote does
 * (see {@link #appendPair}); rows are joined by newlines. A NULL is an empty value, as
 * libpq gives it.
 */
final class ResultText {
    private ResultText() {
    }

    /** The text of every row of {@code rows}, or null when there is none. */
    static String of(ResultSet rows) throws SQLException {
        ResultSetMetaData columns = rows.getMetaData();
        int count = columns.getColumnCount();
        StringBuilder text = null;
        while (rows.next()) {
            if (text == null) {
                text = new StringBuilder();
            } else {
                text.append('\n');
            }
            if (count == 1) {
                text.append(valueOf(rows, 1));
            } else {
                for (int i = 1; i <= count; i++) {
                    appendPair(text, columns.getColumnLabel(i), valueOf(rows, i));
                }
            }
        }
        return text == null ? null : text.toString();
    }

    /**
     * Exim's lf_quote: {@code name=value} and a space. The value is put in double quotes,
     * with backslashes before its double quotes and backslashes, when it is empty, holds a
     * space, tab, newline or carriage return, or starts with a double quote.
     */
    static void appendPair(StringBuilder text, String name, String value) {
        text.append(name).append('=');
        if (value.isEmpty() || value.startsWith("\"") || value.chars().anyMatch(c -> " \t\n\r".indexOf(c) >= 0)) {
            text.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    text.append('\\');
                }
                text.append(c);
            }
            text.append('"');
        } else {
            text.append(value);
        }
        text.append(' ');
    }

    private static String valueOf(ResultSet rows, int column) throws SQLException {
        String value = rows.getString(column);
        return value == null ? "" : value;
    }
}
