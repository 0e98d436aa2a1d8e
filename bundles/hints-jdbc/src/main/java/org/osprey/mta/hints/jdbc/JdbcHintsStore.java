package org.osprey.mta.hints.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;

/**
 * The hints databases in one SQL table, {@code osprey_hints}: a row per record with the
 * database's name, the key, the text value, Exim's time stamp (seconds since the epoch)
 * and a revision number. Plain SQL that Derby and PostgreSQL both take: the table is
 * created when missing, a write is an UPDATE or else an INSERT, and
 * {@link #update read-modify-write} is optimistic (the UPDATE or DELETE names the revision
 * read; when another writer got there first nothing changes and the change is tried again
 * on the new value), so writers on several nodes never lose each other's updates and no
 * lock is held while the caller computes.
 *
 * <p>Never holds mail: everything here may be dropped ({@link #clear}) at any time.
 */
public final class JdbcHintsStore implements HintsStore {
    static final String TABLE = "osprey_hints";
    private static final int ATTEMPTS = 100;
    /** Derby's longest VARCHAR; values longer than this are not stored (hints are advisory). */
    static final int VALUE_LIMIT = 32672;
    static final int KEY_LIMIT = 1024;

    private final ConnectionSource source;
    private final Clock clock;

    JdbcHintsStore(ConnectionSource source, Clock clock) throws HintsException {
        this.source = Objects.requireNonNull(source, "source");
        this.clock = Objects.requireNonNull(clock, "clock");
        createTable();
    }

    /** The default store: embedded Derby in {@code <spool>/db/hints}. */
    public static JdbcHintsStore derby(Path spoolDirectory, Clock clock) throws HintsException {
        return new JdbcHintsStore(new ConnectionSource(ConnectionSource.derbyUrl(spoolDirectory), null, null), clock);
    }

    /** A store at any JDBC URL, such as {@code jdbc:postgresql://db.example/osprey}, shared by several nodes. */
    public static JdbcHintsStore open(String url, String user, String password, Clock clock) throws HintsException {
        return new JdbcHintsStore(new ConnectionSource(url, user, password), clock);
    }

    /** The JDBC URL in use. */
    public String url() {
        return source.url();
    }

    private void createTable() throws HintsException {
        withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("CREATE TABLE " + TABLE + " (db_name VARCHAR(128) NOT NULL, hint_key VARCHAR("
                        + KEY_LIMIT + ") NOT NULL, hint_value VARCHAR(" + VALUE_LIMIT + ") NOT NULL, "
                        + "time_stamp BIGINT NOT NULL, revision BIGINT NOT NULL, PRIMARY KEY (db_name, hint_key))");
            } catch (SQLException e) {
                // Already there (Derby X0Y32, PostgreSQL 42P07), or made by another node just now: check below.
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery(
                    "SELECT COUNT(*) FROM " + TABLE + " WHERE db_name = ''")) {
                r.next();
            }
            return null;
        }, "cannot create the hints table");
    }

    @Override
    public Optional<Entry> get(String database, String key) throws HintsException {
        return withConnection(c -> read(c, database, key).map(Row::entry), "cannot read " + database + " " + key);
    }

    @Override
    public void put(String database, String key, String value) throws HintsException {
        check(key, value);
        withConnection(c -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                try (PreparedStatement u = c.prepareStatement("UPDATE " + TABLE
                        + " SET hint_value = ?, time_stamp = ?, revision = revision + 1 WHERE db_name = ? AND hint_key = ?")) {
                    u.setString(1, value);
                    u.setLong(2, now());
                    u.setString(3, database);
                    u.setString(4, key);
                    if (u.executeUpdate() > 0) {
                        return null;
                    }
                }
                if (insert(c, database, key, value)) {
                    return null;
                }
            }
            throw new SQLException("too many conflicting writers");
        }, "cannot write " + database + " " + key);
    }

    @Override
    public boolean delete(String database, String key) throws HintsException {
        return withConnection(c -> {
            try (PreparedStatement d = c.prepareStatement("DELETE FROM " + TABLE + " WHERE db_name = ? AND hint_key = ?")) {
                d.setString(1, database);
                d.setString(2, key);
                return d.executeUpdate() > 0;
            }
        }, "cannot delete " + database + " " + key);
    }

    @Override
    public Optional<String> update(String database, String key, Function<Optional<Entry>, Optional<String>> change)
            throws HintsException {
        return withConnection(c -> {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<Row> current = read(c, database, key);
                Optional<String> next = change.apply(current.map(Row::entry));
                next.ifPresent(v -> check(key, v));
                if (current.isEmpty()) {
                    if (next.isEmpty() || insert(c, database, key, next.get())) {
                        return next;
                    }
                } else {
                    long revision = current.get().revision();
                    String sql = next.isPresent()
                            ? "UPDATE " + TABLE + " SET hint_value = ?, time_stamp = ?, revision = revision + 1"
                                    + " WHERE db_name = ? AND hint_key = ? AND revision = ?"
                            : "DELETE FROM " + TABLE + " WHERE db_name = ? AND hint_key = ? AND revision = ?";
                    try (PreparedStatement s = c.prepareStatement(sql)) {
                        int i = 1;
                        if (next.isPresent()) {
                            s.setString(i++, next.get());
                            s.setLong(i++, now());
                        }
                        s.setString(i++, database);
                        s.setString(i++, key);
                        s.setLong(i, revision);
                        if (s.executeUpdate() > 0) {
                            return next;
                        }
                    }
                }
                backOff(attempt);
            }
            throw new SQLException("too many conflicting writers");
        }, "cannot update " + database + " " + key);
    }

    @Override
    public List<Entry> list(String database) throws HintsException {
        return withConnection(c -> {
            List<Entry> entries = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT hint_key, hint_value, time_stamp FROM " + TABLE
                    + " WHERE db_name = ? ORDER BY hint_key")) {
                s.setString(1, database);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        entries.add(new Entry(r.getString(1), r.getString(2), Instant.ofEpochSecond(r.getLong(3))));
                    }
                }
            }
            return entries;
        }, "cannot list " + database);
    }

    @Override
    public Set<String> databases() throws HintsException {
        return withConnection(c -> {
            Set<String> names = new TreeSet<>();
            try (Statement s = c.createStatement();
                    ResultSet r = s.executeQuery("SELECT DISTINCT db_name FROM " + TABLE)) {
                while (r.next()) {
                    names.add(r.getString(1));
                }
            }
            return names;
        }, "cannot list the hints databases");
    }

    @Override
    public void clear() throws HintsException {
        withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM " + TABLE);
            }
            return null;
        }, "cannot clear the hints");
    }

    @Override
    public void close() {
        source.close();
    }

    private record Row(Entry entry, long revision) {
    }

    private Optional<Row> read(Connection c, String database, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT hint_value, time_stamp, revision FROM " + TABLE
                + " WHERE db_name = ? AND hint_key = ?")) {
            s.setString(1, database);
            s.setString(2, key);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(new Entry(key, r.getString(1), Instant.ofEpochSecond(r.getLong(2))),
                        r.getLong(3)));
            }
        }
    }

    /** Inserts a new row; false when another writer inserted the key first. */
    private boolean insert(Connection c, String database, String key, String value) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + TABLE
                + " (db_name, hint_key, hint_value, time_stamp, revision) VALUES (?, ?, ?, ?, 0)")) {
            s.setString(1, database);
            s.setString(2, key);
            s.setString(3, value);
            s.setLong(4, now());
            s.executeUpdate();
            return true;
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private static void check(String key, String value) {
        if (key.length() > KEY_LIMIT || value.length() > VALUE_LIMIT) {
            throw new IllegalArgumentException("hint too long for the store: key " + key.length() + ", value "
                    + value.length() + " characters");
        }
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    private static void backOff(int attempt) {
        if (attempt > 2) {
            try {
                Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 20)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private <T> T withConnection(Work<T> work, String what) throws HintsException {
        Connection c = null;
        boolean clean = false;
        try {
            c = source.get();
            c.setAutoCommit(true);
            T result = work.run(c);
            clean = true;
            return result;
        } catch (SQLException e) {
            throw new HintsException(what + " (" + source.url().replaceAll("password=[^;&]*", "password=...") + "): "
                    + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            clean = true;
            throw new HintsException(what + ": " + e.getMessage(), e);
        } finally {
            source.release(c, clean);
        }
    }
}
