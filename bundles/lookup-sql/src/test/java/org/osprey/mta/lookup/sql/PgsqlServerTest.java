package org.osprey.mta.lookup.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PgsqlServerTest {

    @Test
    void readsHostPortDatabaseUserAndPassword() throws Exception {
        PgsqlServer server = PgsqlServer.parse("db.example:5433/mail/exim/se:cr et");
        assertEquals(new PgsqlServer("db.example", "5433", "mail", "exim", "se:cr et", "db.example:5433/mail/exim"),
                server);
        assertEquals("jdbc:postgresql://db.example:5433/mail", server.url());
    }

    @Test
    void anEmptyHostIsTheLocalMachineAndAnEmptyDatabaseTheUsersOwn() throws Exception {
        PgsqlServer server = PgsqlServer.parse("//exim/");
        assertEquals(new PgsqlServer("localhost", "", "", "exim", "", "//exim"), server);
        assertEquals("jdbc:postgresql://localhost/", server.url());
    }

    @Test
    void aDatabaseNameIsEncodedForTheUrl() throws Exception {
        assertEquals("jdbc:postgresql://h/mail+db%3F", PgsqlServer.parse("h/mail db?/u/p").url());
    }

    @Test
    void refusesWhatEximRefuses() {
        assertMessage("incomplete pgSQL server data: localhost", "localhost");
        assertMessage("incomplete pgSQL server data: localhost/exim", "localhost/exim/secret");
        assertMessage("unexpected slash in pgSQL server hostname: a/b", "a/b/db/user/password");
    }

    @Test
    void refusesUnixDomainSockets() {
        assertMessage("PGSQL Unix domain socket connections are not supported: (/run/postgresql/.s.PGSQL.5432)/db/u",
                "(/run/postgresql/.s.PGSQL.5432)/db/u/p");
    }

    private static void assertMessage(String message, String item) {
        assertEquals(message, assertThrows(PgsqlServer.ServerException.class, () -> PgsqlServer.parse(item))
                .getMessage());
    }
}
