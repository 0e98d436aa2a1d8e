package org.osprey.mta.lookup.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.lookup.LookupResult;
import org.osprey.mta.kernel.lookup.LookupRequest;

/** The derby lookup on real embedded Derby databases in a temporary directory. */
class DerbyDriverTest {
    @TempDir
    static Path temp;
    static Path database;
    static Connection setup;

    private final DerbyDriver driver = new DerbyDriver();

    /** The rows of Exim's test database for the sqlite lookup (test 2600), and one NULL. */
    @BeforeAll
    static void createDatabase() throws SQLException {
        database = temp.resolve("lookups");
        setup = DerbyEngine.open(database);
        try (Statement statement = setup.createStatement()) {
            statement.execute("create table them (name varchar(40), id varchar(20))");
        }
        try (PreparedStatement insert = setup.prepareStatement("insert into them values (?, ?)")) {
            String[][] rows = {{"Ayen Other", "userx"}, {"", "nothing"}, {"\"stquot", "quote2"},
                {"before\nafter", "newline"}, {"x\tx", "tab"}, {"it's", "its"}, {null, "null"}};
            for (String[] row : rows) {
                insert.setString(1, row[0]);
                insert.setString(2, row[1]);
                insert.executeUpdate();
            }
        }
    }

    @AfterAll
    static void closeSetup() throws SQLException {
        setup.close();
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    /** Exim's test 2600 (sqlite) with the answers of its test/stdout/2600; Derby names unquoted columns in capitals. */
    @Test
    void answersAsEximsSqliteLookup() {
        assertEquals(found("Ayen Other"), find("select name from them where id='userx';"));
        assertEquals(new LookupResult.NotFound(true), find("select name from them where id='xxxx';"));
        assertEquals(found(""), find("select name from them where id='nothing';"));
        assertEquals(found("ID=nothing NAME=\"\" "), find("select id,name from them where id='nothing';"));
        assertEquals(found("NAME=\"\\\"stquot\" ID=quote2 "), find("select * from them where id='quote2';"));
        assertEquals(found("NAME=\"before\nafter\" ID=newline "), find("select * from them where id='newline';"));
        assertEquals(found("NAME=\"x\tx\" ID=tab "), find("select * from them where id='tab';"));
        assertEquals(found("NAME=it's ID=its "), find("select * from them where id='its';"));
        String quoted = driver.quote("it's", "").orElseThrow();
        assertEquals("it''s", quoted);
        assertEquals(found("NAME=it's ID=its "), find("select * from them where name='" + quoted + "';"));
    }

    @Test
    void aNullIsAnEmptyValue() {
        assertEquals(found(""), find("select name from them where id='null'"));
        assertEquals(found("NAME=\"\" ID=null "), find("select * from them where id='null'"));
    }

    @Test
    void rowsAreJoinedByNewlines() {
        assertEquals(found("Ayen Other\n\nit's"),
                find("select name from them where id in ('userx', 'nothing', 'its') order by id desc"));
        assertEquals(found("ID=its N=1 \nID=nothing N=1 "),
                find("select id, count(*) as n from them where id in ('its', 'nothing') group by id order by id"));
    }

    @Test
    void aStatementWithoutRowsGivesTheRowsChangedAndIsNotCached() {
        assertEquals(new LookupResult.Found("0", false), find("create table scratch (x int)"));
        assertEquals(new LookupResult.Found("2", false), find("insert into scratch values (1), (2)"));
        assertEquals(new LookupResult.Found("2", false), find("update scratch set x = 3"));
        assertEquals(found("3\n3"), find("select x from scratch"));
        assertEquals(new LookupResult.Found("0", false), find("drop table scratch"));
    }

    @Test
    void aQueryDerbyRefusesDefersWithItsMessage() {
        assertEquals(new LookupResult.Deferred("Derby: query failed: Table/View 'NOPE' does not exist. (42X05) "
                + "(select * from nope)"), find("select * from nope;"));
        LookupResult syntax = find("selec 1");
        assertTrue(((LookupResult.Deferred) syntax).message().startsWith("Derby: query failed: Syntax error"), syntax::toString);
        // The connection survives a refused query.
        assertEquals(found("Ayen Other"), find("select name from them where id='userx'"));
    }

    @Test
    void quotingRoundTrips() {
        String value = "it's a \"test\" of back\\slash, 'quotes'' and ; semicolons\n";
        String quoted = driver.quote(value, "").orElseThrow();
        assertEquals(found(value), find("values '" + quoted + "'"));
        assertEquals(Optional.empty(), driver.quote(value, "x"));
    }

    /** A temporary table lives as long as its connection: the finds after it see it only on the same connection. */
    @Test
    void findsShareOneConnection() {
        assertEquals(new LookupResult.Found("0", false),
                find("declare global temporary table session.probe (x int) on commit preserve rows not logged"));
        assertEquals(new LookupResult.Found("1", false), find("insert into session.probe values 7"));
        assertEquals(found("7"), find("select x from session.probe"));
        driver.close();
        assertInstanceOf(LookupResult.Deferred.class, find("select x from session.probe"));
    }

    @Test
    void aBrokenConnectionIsOpenedAgainByTheNextFind() {
        assertEquals(found("Ayen Other"), find("select name from them where id='userx'"));
        DerbyEngine.shutdown(database);
        LookupResult broken = find("select name from them where id='userx'");
        assertTrue(broken instanceof LookupResult.Deferred deferred && deferred.message().contains("(08003)"),
                broken::toString);
        assertEquals(found("Ayen Other"), find("select name from them where id='userx'"));
    }

    @Test
    void concurrentFindsTakeTurns() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<LookupResult>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = i % 2 == 0 ? "userx" : "its";
                answers.add(threads.submit(() -> find("select name from them where id='" + id + "'")));
            }
            for (int i = 0; i < answers.size(); i++) {
                assertEquals(found(i % 2 == 0 ? "Ayen Other" : "it's"), answers.get(i).get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aMissingDatabaseIsCreated() {
        Path fresh = temp.resolve("fresh/lookups");
        assertEquals(found("1"), driver.find(request("values 1", fresh.toString())));
        assertTrue(Files.isRegularFile(fresh.resolve("service.properties")));
    }

    @Test
    void theDatabaseMustBeAnAbsolutePathThatOpens() throws Exception {
        assertEquals(new LookupResult.Failed("absolute file name expected for \"derby\" lookup"),
                driver.find(request("values 1", "relative/lookups")));
        Path file = Files.writeString(temp.resolve("not-a-database"), "x");
        LookupResult failed = driver.find(request("values 1", file.toString()));
        assertTrue(failed instanceof LookupResult.Failed f
                && f.message().startsWith("failed to open Derby database " + file + ": "), failed::toString);
        assertEquals(new LookupResult.Failed("a Derby database name cannot hold a semicolon: /x;create=false"),
                driver.find(request("values 1", "/x;create=false")));
    }

    @Test
    void withoutFileTheDatabaseIsTheConfiguredOneOrTheOneUnderTheHome() {
        String location = System.getProperty(DerbyDriver.LOCATION_PROPERTY);
        String home = System.getProperty("osprey.home");
        String karaf = System.getProperty("karaf.base");
        try {
            Path configured = temp.resolve("configured");
            System.setProperty(DerbyDriver.LOCATION_PROPERTY, configured.toString());
            assertEquals(found("1"), driver.find(request("values 1", null)));
            assertTrue(Files.isRegularFile(configured.resolve("service.properties")));

            System.clearProperty(DerbyDriver.LOCATION_PROPERTY);
            System.setProperty("osprey.home", temp.resolve("home").toString());
            assertEquals(temp.resolve("home/data/derby/lookups"), DerbyDriver.defaultDirectory());
            assertEquals(found("2"), driver.find(request("values 2", "")));
            assertTrue(Files.isRegularFile(temp.resolve("home/data/derby/lookups/service.properties")));

            System.clearProperty("osprey.home");
            System.setProperty("karaf.base", "/opt/karaf");
            assertEquals(Path.of("/opt/karaf/data/derby/lookups"), DerbyDriver.defaultDirectory());
            System.clearProperty("karaf.base");
            assertEquals(Path.of("data/derby/lookups").toAbsolutePath(), DerbyDriver.defaultDirectory());
        } finally {
            restore(DerbyDriver.LOCATION_PROPERTY, location);
            restore("osprey.home", home);
            restore("karaf.base", karaf);
        }
    }

    @Test
    void derbysOwnLogIsNotWrittenToTheCurrentDirectory() {
        assertEquals(found("1"), find("values 1"));
        assertEquals("java.io.OutputStream.nullOutputStream", System.getProperty("derby.stream.error.method"));
        assertFalse(Files.exists(Path.of("derby.log")));
    }

    @Test
    void isAQueryStyleLookup() {
        assertEquals(DerbyDriver.Style.QUERY, driver.style());
    }

    private LookupResult find(String query) {
        return driver.find(request(query, database.toString()));
    }

    private static LookupRequest request(String query, String file) {
        return new LookupRequest(null, query, file == null ? Map.of() : Map.of("file", file), NoExpander.NONE);
    }

    private static LookupResult found(String value) {
        return new LookupResult.Found(value, true);
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
