package org.osprey.mta.lookup.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * The pgsql lookup against a real PostgreSQL server ({@link PostgresServer}), started once
 * for the class. Skipped only where no PostgreSQL is installed (scripts/test installs it).
 */
class PgsqlDriverTest {
    static final String DATABASE = "lookups";
    static PostgresServer server;
    static String servers;

    private final PgsqlDriver driver = new PgsqlDriver();

    /** The database of Exim's test 2620. */
    @BeforeAll
    static void startServer() throws Exception {
        Optional<Path> bin = PostgresServer.installation();
        Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL is not installed (scripts/test-packages names it)");
        server = PostgresServer.start(bin.get());
        servers = server.item(DATABASE);
        try (Connection admin = server.connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("create database " + DATABASE);
        }
        execute("CREATE TABLE them ( name text, id text );"
                + " INSERT INTO them VALUES ( 'Philip Hazel', 'ph10' );"
                + " INSERT INTO them VALUES ( 'Aristotle', 'aaaa' );"
                + " INSERT INTO them VALUES ( '', 'nothing' );"
                + " INSERT INTO them VALUES ( '\"stquot', 'quote2' );"
                + " INSERT INTO them VALUES ( 'before' || CHR(13) || CHR(10) || 'after', 'newline' );"
                + " INSERT INTO them VALUES ( 'x' || CHR(9) || 'x', 'tab' );"
                + " INSERT INTO them VALUES ( CHR(39) || 'stquot', 'quote1' );"
                + " INSERT INTO them VALUES ( NULL, 'null' );"
                + " CREATE TABLE scratch ( x int );");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    /** Exim's test 2620 with the answers of its test/stdout/2620 (the last two queries change the table, so they come last). */
    @Test
    void answersAsEximsTest2620() throws SQLException {
        assertEquals(found("Philip Hazel"), find("select name from them where id='ph10';"));
        assertEquals(found("Philip Hazel"), find("select name from them where id='ph10';"));
        assertEquals(new LookupResult.NotFound(true), find("select name from them where id='xxxx';"));
        assertEquals(found(""), find("select name from them where id='nothing';"));
        assertEquals(found("id=nothing name=\"\" "), find("select id,name from them where id='nothing';"));
        assertEquals(new LookupResult.Found("0", false), find("delete from them where id='nonexist';"));
        assertEquals(found("name=\"\\\"stquot\" id=quote2 "), find("select * from them where id='quote2';"));
        assertEquals(found("name=\"before\r\nafter\" id=newline "), find("select * from them where id='newline';"));
        assertEquals(found("name=\"x\tx\" id=tab "), find("select * from them where id='tab';"));
        assertEquals(found("name='stquot id=quote1 "),
                find("select * from them where name='" + driver.quote("'stquot", "").orElseThrow() + "';"));
        assertEquals(new LookupResult.Deferred("PostgreSQL server \"x\" not found in the servers option"),
                find("servers=x:127.0.0.1; select name from them where id='ph10';"));
        assertEquals(found("Philip Hazel"),
                find("servers=127.0.0.1::" + server.port() + ":x; select name from them where id='ph10';"));
        assertEquals(found("Philip Hazel"), find("servers=" + servers + ":x; select name from them where id='ph10';"));
        assertEquals(found("Philip Hazel\nAristotle"), find("SELECT name FROM them WHERE id IN ('ph10', 'aaaa');"));
        assertEquals(found("name=\"Philip Hazel\" id=ph10 \nname=Aristotle id=aaaa "),
                find("SELECT *    FROM them WHERE id IN ('ph10', 'aaaa');"));
        assertEquals(new LookupResult.Found("1", false), find("delete from them where id='aaaa'"));
        execute("INSERT INTO them VALUES ( 'Aristotle', 'aaaa' )");
    }

    @Test
    void aNullIsAnEmptyValue() {
        assertEquals(found(""), find("select name from them where id='null'"));
        assertEquals(found("name=\"\" id=null "), find("select * from them where id='null'"));
    }

    @Test
    void anUnreachableServerIsPassedOverForTheNext() {
        String closed = "127.0.0.1::1/" + DATABASE + "/osprey/x";
        assertEquals(found("Philip Hazel"), find(closed + ":" + servers, "select name from them where id='ph10'"));
        LookupResult alone = find(closed, "select 1");
        assertTrue(alone instanceof LookupResult.Deferred d
                && d.message().startsWith("PGSQL connection failed: Connection to 127.0.0.1:1 refused."), alone::toString);
        // The connection to a server is known by its host, database and user, as in Exim: a
        // different password would use the one already open.
        driver.close();
        LookupResult badPassword = find(servers.substring(0, servers.lastIndexOf('/') + 1) + "wrong", "select 1");
        assertTrue(badPassword instanceof LookupResult.Deferred d
                && d.message().startsWith("PGSQL connection failed: FATAL: password authentication failed for user"),
                badPassword::toString);
    }

    @Test
    void aRefusedQueryDefersWithEximsMessageAfterTheNextServerIsTried() {
        assertEquals(new LookupResult.Deferred("PGSQL: query failed: ERROR: relation \"nope\" does not exist\n"
                + "  Position: 15 (PGRES_FATAL_ERROR) (select * from nope)"), find("select * from nope"));
        // The table is in the second server's database only.
        assertEquals(found("Philip Hazel"),
                find(server.item("postgres") + ":" + servers, "select name from them where id='ph10'"));
    }

    @Test
    void aServerItemThatIsNoServerDefersAtOnce() {
        // Exim names the item without its last field, which it took for the password.
        assertEquals(new LookupResult.Deferred("incomplete pgSQL server data: 127.0.0.1"),
                find("127.0.0.1/" + DATABASE + ":" + servers, "select 1"));
        assertEquals(new LookupResult.Deferred("no PostgreSQL servers defined (the servers option)"),
                driver.find(new LookupRequest(null, "select 1", Map.of(), NoExpander.NONE)));
    }

    @Test
    void quotingRoundTripsInAnEscapeStringLiteral() {
        String value = "it's \"quoted\", back\\slash\nnew line\ttab\rreturn\bbackspace";
        String quoted = driver.quote(value, "").orElseThrow();
        assertEquals("it''s \\\"quoted\\\", back\\\\slash\\nnew line\\ttab\\rreturn\\bbackspace", quoted);
        assertEquals(found(value), find("select E'" + quoted + "'"));
        assertEquals(Optional.empty(), driver.quote(value, "x"));
    }

    @Test
    void findsShareOneConnectionPerServer() {
        LookupResult first = find("select pg_backend_pid()");
        assertEquals(first, find("select pg_backend_pid()"));
        assertEquals(first, find("servers=" + servers + "; select pg_backend_pid()"));
        driver.close();
        assertNotEquals(first, find("select pg_backend_pid()"));
    }

    @Test
    void aBrokenConnectionIsOpenedAgainByTheNextFind() throws SQLException {
        String pid = ((LookupResult.Found) find("select pg_backend_pid()")).value();
        execute("select pg_terminate_backend(" + pid + ")");
        LookupResult broken = find("select pg_backend_pid()");
        assertTrue(broken instanceof LookupResult.Deferred d && d.message().startsWith("PGSQL: query failed: "),
                broken::toString);
        LookupResult again = find("select pg_backend_pid()");
        assertTrue(again instanceof LookupResult.Found f && !f.value().equals(pid), again::toString);
    }

    @Test
    void closingEndsTheServersSession() throws Exception {
        assertEquals(found("1"), find("select 1"));
        assertEquals("1", sessions());
        driver.close();
        for (int i = 0; i < 100 && !sessions().equals("0"); i++) {
            Thread.sleep(50);
        }
        assertEquals("0", sessions());
    }

    @Test
    void concurrentFindsTakeTurns() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<LookupResult>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = i % 2 == 0 ? "ph10" : "tab";
                answers.add(threads.submit(() -> find("select name from them where id='" + id + "'")));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(found(i % 2 == 0 ? "Philip Hazel" : "x\tx"), answers.get(i).get());
            }
            assertEquals("1", sessions());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anUpdateGivesTheRowsChangedAndIsNotCached() {
        assertEquals(new LookupResult.Found("2", false), find("insert into scratch values (1), (2)"));
        assertEquals(new LookupResult.Found("2", false), find("delete from scratch"));
    }

    @Test
    void valuesAreAsPostgresqlWritesThem() {
        assertEquals(found("bool=t int4=1 numeric=1.50 bytea=\\x78 "),
                find("select true::bool, 1::int4, 1.50::numeric, 'x'::bytea"));
    }

    private LookupResult find(String query) {
        return find(servers, query);
    }

    private LookupResult find(String serverList, String query) {
        return driver.find(new LookupRequest(null, query, Map.of("servers", serverList), NoExpander.NONE));
    }

    private static LookupResult found(String value) {
        return new LookupResult.Found(value, true);
    }

    /** The number of sessions the lookup has open on the server. */
    private static String sessions() throws SQLException {
        try (Connection admin = server.connect("postgres"); Statement statement = admin.createStatement();
                ResultSet rows = statement.executeQuery(
                        "select count(*) from pg_stat_activity where application_name = 'osprey'")) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = server.connect(DATABASE); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
