package org.osprey.mta.lookup.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerChoiceTest {
    private static final String OPTION = "a::5432/db/u/p:b/db/u/p";

    @Test
    void theServersOptionGivesTheServers() throws Exception {
        ServerChoice choice = ServerChoice.of("select 1", OPTION);
        assertEquals(List.of("a:5432/db/u/p", "b/db/u/p"), choice.items());
        assertEquals("select 1", choice.query());
    }

    @Test
    void aQueryCanNameItsOwnServers() throws Exception {
        ServerChoice choice = ServerChoice.of("servers = b : c/db2/u/p ; UPDATE x", OPTION);
        assertEquals(List.of("b", "c/db2/u/p"), choice.items());
        assertEquals(" UPDATE x", choice.query());
        assertEquals("b/db/u/p", choice.server("b"));
        assertEquals("c/db2/u/p", choice.server("c/db2/u/p"));
        assertEquals("a:5432/db/u/p", choice.server("a:5432"));
    }

    @Test
    void aHostOnlyItemMustNameAServerOfTheOption() throws Exception {
        ServerChoice choice = ServerChoice.of("servers=x:b; select 1", OPTION);
        assertEquals("PostgreSQL server \"x\" not found in the servers option",
                assertThrows(ServerChoice.ChoiceException.class, () -> choice.server("x")).getMessage());
        assertEquals("PostgreSQL server \"a\" not found in the servers option",
                assertThrows(ServerChoice.ChoiceException.class, () -> choice.server("a")).getMessage());
    }

    @Test
    void refusesWhatEximRefuses() {
        assertMessage("no PostgreSQL servers defined (the servers option)", "select 1", null);
        assertMessage("no PostgreSQL servers defined (the servers option)", "select 1", "");
        assertMessage("missing = after \"servers\" in PostgreSQL lookup", "servers a; select 1", OPTION);
        assertMessage("missing ; after \"servers=\" in PostgreSQL lookup", "servers=a select 1", OPTION);
        assertMessage("\"servers=\" defines no servers in \"servers= ; select 1\"", "servers= ; select 1", OPTION);
    }

    private static void assertMessage(String message, String query, String option) {
        assertEquals(message, assertThrows(ServerChoice.ChoiceException.class, () -> ServerChoice.of(query, option))
                .getMessage());
    }
}
