package org.osprey.mta.hints.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.lookup.sql.PostgresServer;

/** The same contract against a real PostgreSQL server (skipped when none is installed). */
class PostgresStoreTest extends StoreContract {
    private static PostgresServer server;

    @BeforeAll
    static void start() throws Exception {
        Optional<Path> bin = PostgresServer.installation();
        assumeTrue(bin.isPresent(), "PostgreSQL is not installed");
        server = PostgresServer.start(bin.get());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = server.connect("postgres"); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TABLE IF EXISTS " + JdbcHintsStore.TABLE);
        }
    }

    private String url() {
        return "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
    }

    @Override
    HintsStore store() throws Exception {
        return JdbcHintsStore.open(url(), PostgresServer.USER, PostgresServer.PASSWORD, clock());
    }

    @Override
    HintsStore secondStore() throws Exception {
        return JdbcHintsStore.open(url(), PostgresServer.USER, PostgresServer.PASSWORD, clock());
    }
}
