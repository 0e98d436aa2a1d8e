package org.osprey.mta.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    @TempDir
    Path home;
    Path configure;

    @BeforeEach
    void writeConfiguration() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        configure = home.resolve("etc/configure");
        Files.writeString(configure, """
                primary_hostname = mail.example
                smtp_receive_timeout = TIMEOUT
                begin routers
                r1:
                  driver = testroute
                """.replace("TIMEOUT", "3m"));
    }

    String input = "";

    int run(String... args) {
        return new Main(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home).run(args);
    }

    int runAs(String programName, String... args) {
        return new Main(new java.io.ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home).run(programName, args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Standard error, less the report of the broken driver this test class path carries on purpose. */
    String err() {
        return rawErr().replaceFirst("osprey: org\\.osprey\\.mta\\.core\\.cli\\.UnnamedRouterDriver [^\n]*\n", "");
    }

    String rawErr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionListsTheDriversOnTheClassPathAndTheConfigurationFile() {
        assertEquals(0, run("-bV"), err());
        assertTrue(out().startsWith("Osprey version "), out());
        // The real redirect router is on the test class path too (the routing tests run it).
        assertTrue(out().contains("\nRouters: redirect testroute\n"), out());
        // And the real appendfile transport (the generic transport options' tests run it).
        assertTrue(out().contains("\nTransports: appendfile\n"), out());
        assertTrue(out().endsWith("Configuration file is " + configure + "\n"), out());
        assertTrue(rawErr().startsWith("osprey: org.osprey.mta.core.cli.UnnamedRouterDriver is listed as a router"
                + " driver but has no @MtaDriver(kind = \"router\"): ignored\n"), rawErr());
    }

    @Test
    void versionChecksTheConfiguration() throws IOException {
        Files.writeString(configure, "begin routers\nr1:\n  driver = nosuch\n");
        assertEquals(1, run("-bV"));
        assertTrue(err().endsWith(" Osprey configuration error in line 3 of " + configure + ":\n"
                + "  router r1: cannot find router driver \"nosuch\"\n"), err());
    }

    @Test
    void printsOptionsOfTheFileGivenWithDashC() throws IOException {
        Path other = home.resolve("other.conf");
        Files.writeString(other, "smtp_receive_timeout = 90m\n");
        assertEquals(0, run("-C", other.toString(), "-bP", "smtp_receive_timeout", "primary_hostname"), err());
        assertTrue(out().startsWith("smtp_receive_timeout = 1h30m\nprimary_hostname = "), out());
    }

    @Test
    void minusNLeavesOutTheNames() {
        assertEquals(0, run("-n", "-bP", "smtp_receive_timeout"), err());
        assertEquals("3m\n", out());
    }

    @Test
    void commandLineMacrosReachTheFile() throws IOException {
        Files.writeString(configure, "smtp_receive_timeout = TIMEOUT\n");
        assertEquals(0, run("-DTIMEOUT=7m", "-bP", "smtp_receive_timeout"), err());
        assertEquals("smtp_receive_timeout = 7m\n", out());
    }

    @Test
    void aMacroNameMustStartWithAnUpperCaseLetter() {
        assertEquals(1, run("-Dtimeout=7m", "-bP"));
        assertEquals("osprey: macro name set by -D must start with an upper case letter\n", err());
    }

    @Test
    void aMacroMayBeDefinedOnlyOnce() {
        assertEquals(1, run("-DA=1", "-DA=2", "-bP"));
        assertEquals("osprey: duplicated -D in command line\n", err());
    }

    @Test
    void configurationErrorsUnderMinusBpComeInEximsDebugForm() throws IOException {
        Files.writeString(configure, "\nfoo = 1\n");
        assertEquals(1, run("-bP", "primary_hostname"));
        assertEquals("LOG: PANIC DIE\n  Osprey configuration error in line 2 of " + configure + ":\n"
                + "  main option \"foo\" unknown\n", err());
        assertEquals("", out());
    }

    @Test
    void listsTheConfiguration() {
        assertEquals(0, run("-bP", "config"), err());
        assertTrue(out().contains("smtp_receive_timeout = 3m\n"), out());
        assertTrue(out().contains("begin routers\n"), out());
    }

    @Test
    void expandsItsArgumentsInTheConfigurationsContext() throws IOException {
        Path aliases = home.resolve("etc/aliases");
        Files.writeString(aliases, "postmaster: root\n");
        Files.writeString(configure, """
                primary_hostname = mail.example
                ALIASES = %s
                domainlist local_domains = @ : example.org
                """.formatted(aliases));
        assertEquals(0, run("-be", "${lc:ABC}", "$primary_hostname", "${lookup{postmaster}lsearch{ALIASES}}",
                "${if match_domain{example.org}{+local_domains}{local}{remote}}", "${if eq{1}{2}{}fail}",
                "${nosuch:x}"), err());
        assertEquals("""
                abc
                mail.example
                root
                local
                Failed: "if" failed and "fail" requested
                Failed: unknown expansion operator "nosuch"
                """, out());
    }

    /** Recorded from Exim 4.96: a partial or default match sets $1 and $2, not $0. */
    @Test
    void aPartialLookupSetsTheNumberedVariables() throws IOException {
        Path wild = home.resolve("wild");
        Files.writeString(wild, "*.b.example: wild\n");
        Path star = home.resolve("star");
        Files.writeString(star, "*: star\n");
        assertEquals(0, run("-be", "${lookup{a.x.b.example}partial-lsearch{" + wild + "}{[$0][$1][$2][$value]}}",
                "${lookup{zz}lsearch*{" + star + "}{[$0][$1][$2][$value]}{none}}"), err());
        assertEquals("[][a.x][b.example][wild]\n[][zz][][star]\n", out());
    }

    @Test
    void readsExpansionsFromStandardInputAfterAPrompt() {
        input = "${uc:x}\nMACRO = defined\nMACRO here\n";
        assertEquals(0, run("-be"), err());
        assertEquals("> X\n> Defined macro 'MACRO'\n> defined here\n> \n", out());
    }

    /** Recorded from Exim 4.96 -brt with the same rules. */
    @Test
    void testsTheRetryRules() throws IOException {
        Files.writeString(configure, "begin retry\n*.example  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h\n");
        assertEquals(0, run("-brt", "mx.example"), err());
        assertEquals(0, run("-brt", "other.org"), err());
        assertEquals("Retry rule: *.example  *  F,2h,15m; G,16h,1h,1.5; F,4d,6h; \nNo retry information found\n",
                out());
    }

    @Test
    void minusBpAndMinusBeDoNotGoTogether() {
        assertEquals(1, run("-bP", "-be"));
        assertEquals("osprey: incompatible command-line options or arguments\n", err());
    }

    @Test
    void anUnknownOptionIsRefusedAsEximRefusesIt() {
        assertEquals(1, run("-bZ"));
        assertEquals("osprey abandoned: unknown, malformed, or incomplete option -bZ\n", err());
        assertEquals("", out());
    }

    @Test
    void anUnknownOptionAfterAKnownOneIsRefusedToo() {
        assertEquals(1, run("-bV", "-bZ"));
        assertEquals("osprey abandoned: unknown, malformed, or incomplete option -bZ\n", err());
    }

    @Test
    void noArgumentsAtAllGetsTheUsageText() {
        assertEquals(1, run());
        assertTrue(err().startsWith("Osprey is a Mail Transfer Agent. It is normally called by Mail User Agents,\n"),
                err());
    }

    @Test
    void optionsEndAtTheFirstRecipient() throws IOException {
        Files.writeString(configure, "spool_directory = " + home.resolve("spool") + "\n"
                + "log_file_path = " + home.resolve("log") + "/%slog\nqualify_domain = q.example\n");
        input = "Subject: options\n\nbody\n";
        assertEquals(0, run("-odq", "user@example.com", "-bZ"), err());
        assertEquals("", err());
        assertTrue(mainlog().contains(" <= "), mainlog());
        assertEquals(0, run("-bp"), err());
        assertTrue(out().contains("        user@example.com\n") && out().contains("        -bZ@q.example\n"), out());
    }

    @Test
    void aMessageIsTakenAndDeliveredAtOnceWithMinusOdi() throws IOException {
        Files.writeString(configure, "spool_directory = " + home.resolve("spool") + "\n"
                + "log_file_path = " + home.resolve("log") + "/%slog\nqualify_domain = q.example\n"
                + "begin routers\nr1:\n  driver = testroute\n");
        input = "Subject: now\n\nbody\n";
        assertEquals(0, run("-odi", "-f", "someone@s.example", "user"), err());
        // The only router declines: unrouteable, bounced; the bounce cannot be routed either and is frozen.
        List<String> log = mainlog().lines().map(l -> l.substring(17)).toList();
        assertEquals(List.of("<= someone@s.example U=" + Caller.current().login() + " P=local S=277",
                "** user@q.example: Unrouteable address"), log.subList(0, 2));
        assertTrue(log.get(2).startsWith("<= <> R="), log.toString());
        assertEquals(List.of("Completed", "** someone@s.example: Unrouteable address",
                "Frozen (delivery error message)"), log.subList(3, 6));
        assertEquals(0, run("-bpc"), err());
        assertEquals("1\n", out());
    }

    @Test
    void debugPrintOfRoutersAndTransportsGoesToStandardErrorUnderMinusD() throws IOException {
        Path mbox = home.resolve("mbox");
        Files.writeString(configure, "spool_directory = " + home.resolve("spool") + "\n"
                + "log_file_path = " + home.resolve("log") + "/%slog\nqualify_domain = q.example\n"
                + "begin routers\nr1:\n  driver = redirect\n  data = " + mbox + "\n  file_transport = t1\n"
                + "  debug_print = R1 sees $local_part@$domain\n"
                + "begin transports\nt1:\n  driver = appendfile\n  debug_print = T1 writes $address_file\n");
        input = "Subject: now\n\nbody\n";
        assertEquals(0, run("-odi", "-f", "someone@s.example", "user"), err());
        assertFalse(err().contains("R1 sees") || err().contains("T1 writes"), err());

        assertEquals(0, run("-d-all", "-odi", "-f", "someone@s.example", "user"), err());
        assertTrue(err().contains("R1 sees user@q.example\n"), err());
        assertTrue(err().contains("T1 writes " + mbox + "\n"), err());
        assertEquals(2, Files.readString(mbox).lines().filter(l -> l.startsWith("From ")).count());

        // Exim 4.96, -d-all -bt: the router's line, then the answer.
        err.reset();
        assertEquals(0, run("-d", "-bt", "other@x.example"), err());
        assertEquals("R1 sees other@x.example\n", err());
    }

    /** A configuration with its spool and logs in the test's directory, and one message queued. */
    private org.osprey.mta.core.spool.MessageId queueOneMessage() throws IOException {
        Files.writeString(configure, "spool_directory = " + home.resolve("spool") + "\n"
                + "log_file_path = " + home.resolve("log") + "/%slog\n");
        org.osprey.mta.core.spool.Spool spool = new org.osprey.mta.core.spool.Spool(home.resolve("spool"), false);
        spool.create();
        org.osprey.mta.core.spool.MessageId id = org.osprey.mta.core.spool.MessageId.parse("1xUw0t-0002PI-1g");
        spool.store(org.osprey.mta.core.spool.HeaderFile.builder(id).originator("root", 0, 0)
                .sender("sender@x.example").receivedTime(System.currentTimeMillis() / 1000)
                .variable("received_protocol", "local").flag("deliver_firsttime")
                .recipient("rcpt@y.example").recipient("other@y.example")
                .header(org.osprey.mta.core.spool.HeaderLine.typed("Subject: test\n")).build(),
                new java.io.ByteArrayInputStream("hello\n".getBytes(StandardCharsets.US_ASCII)));
        return id;
    }

    private String mainlog() throws IOException {
        return Files.readString(home.resolve("log/mainlog")).replaceAll("(?m)^\\S+ \\S+ ", "");
    }

    @Test
    void listsAndCountsTheQueueInEximsFormat() throws IOException {
        queueOneMessage();
        assertEquals(0, run("-bp"), err());
        assertEquals(" 0m    21 1xUw0t-0002PI-1g <sender@x.example>\n          rcpt@y.example\n"
                + "          other@y.example\n\n", out());
        out.reset();
        assertEquals(0, run("-bpc"), err());
        assertEquals("1\n", out());
        out.reset();
        assertEquals(0, run("-bpu", "1xUw0t-0002PI-1g"), err());
        assertTrue(out().startsWith(" 0m    21 1xUw0t-0002PI-1g"), out());
    }

    @Test
    void calledAsMailqItListsTheQueue() throws IOException {
        queueOneMessage();
        assertEquals(0, runAs("/usr/bin/mailq"), err());
        assertTrue(out().startsWith(" 0m    21 1xUw0t-0002PI-1g <sender@x.example>\n"), out());
    }

    @Test
    void freezesThawsAndRemovesWithEximsOutputAndLogLines() throws IOException {
        org.osprey.mta.core.spool.MessageId id = queueOneMessage();
        String user = System.getProperty("user.name");
        assertEquals(0, run("-Mf", id.toString()), err());
        assertEquals(1, run("-Mf", id.toString()), err());
        assertEquals(0, run("-bp"), err());
        assertEquals(0, run("-Mt", id.toString()), err());
        assertEquals(0, run("-Mmd", id.toString(), "rcpt@y.example"), err());
        assertEquals(0, run("-Mvh", id.toString()), err());
        assertEquals(0, run("-Mrm", id.toString()), err());
        String[] lines = out().split("\n");
        assertEquals("Message 1xUw0t-0002PI-1g is now frozen", lines[0]);
        assertEquals("Message 1xUw0t-0002PI-1g is already frozen", lines[1]);
        assertEquals(" 0m    21 1xUw0t-0002PI-1g <sender@x.example> *** frozen ***", lines[2]);
        assertTrue(out().contains("\nMessage 1xUw0t-0002PI-1g is no longer frozen\n"
                + "Message 1xUw0t-0002PI-1g has been modified\n1xUw0t-0002PI-1g-H\n"), out());
        assertTrue(out().contains("\n-deliver_firsttime\n-manual_thaw\nNN rcpt@y.example\n2\n"), out());
        assertTrue(out().endsWith("Message 1xUw0t-0002PI-1g has been removed\n"), out());
        assertEquals("1xUw0t-0002PI-1g frozen by " + user + "\n"
                + "1xUw0t-0002PI-1g unfrozen by " + user + "\n"
                + "1xUw0t-0002PI-1g address <rcpt@y.example> marked delivered by " + user + "\n"
                + "1xUw0t-0002PI-1g removed by " + user + "\n"
                + "1xUw0t-0002PI-1g Completed\n", mainlog());
        assertEquals(List.of(), Files.list(home.resolve("spool/input")).toList());
    }

    /** Recorded from Exim 4.96 (src/test/resources/queue). */
    @Test
    void messageIdsAreCheckedBeforeAnythingIsDone() throws IOException {
        queueOneMessage();
        assertEquals(1, run("-Mf", "nonsense"));
        assertEquals("osprey: malformed message id nonsense after -Mf option\n", err());
        err.reset();
        assertEquals(1, run("-Mf", "1xUw0t-0002PI-1g", "nonsense"));
        assertEquals("osprey: malformed message id nonsense after -Mf option\n", err());
        err.reset();
        assertEquals(1, run("-Mrm"));
        assertEquals("osprey: no message ids given after -Mrm option\n", err());
        err.reset();
        assertEquals(1, run("-bpz"));
        assertEquals("osprey abandoned: unknown, malformed, or incomplete option -bpz\n", err());
        err.reset();
        assertEquals(1, run("-bpcr"));
        assertEquals("osprey abandoned: unknown, malformed, or incomplete option -bpcr\n", err());
        err.reset();
        assertEquals(1, run("-Mc", "1xUw0t-0002PI-1g", "nonsense"));
        assertEquals("osprey: malformed message id nonsense after -Mc option\n", err());
        assertEquals("", out());
        assertTrue(Files.exists(home.resolve("spool/input/1xUw0t-0002PI-1g-H")));
    }

    @Test
    void aMissingMessageIsReportedAndLogged() throws IOException {
        queueOneMessage();
        assertEquals(1, run("-Mf", "1xUw0t-0002PI-1X"));
        assertEquals("Spool data file for 1xUw0t-0002PI-1X does not exist\n", out());
        assertEquals("1xUw0t-0002PI-1X Spool file 1xUw0t-0002PI-1X-D not found\n", mainlog());
    }
}
