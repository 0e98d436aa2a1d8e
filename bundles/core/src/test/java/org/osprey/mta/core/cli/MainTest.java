package org.osprey.mta.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(out().contains("\nRouters: testroute\n"), out());
        assertTrue(out().contains("\nTransports: \n"), out());
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
    void optionsEndAtTheFirstRecipient() {
        assertEquals(1, run("user@example.com", "-bZ"));
        assertTrue(err().contains("cannot take a message from the command line yet"), err());
    }
}
