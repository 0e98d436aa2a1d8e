package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/mta and bin/sendmail of the unpacked distribution, run as a user or a mail program runs them.
 * Most tests give a small configuration with -C that names only drivers the distribution has.
 */
class LaunchersIT {
    private static final Path HOME = home();
    private static Path configure;

    @BeforeAll
    static void writeConfiguration(@TempDir Path dir) throws IOException {
        configure = dir.resolve("configure");
        Files.writeString(configure, """
                primary_hostname = mail.example
                domainlist local_domains = @ : lsearch;/etc/osprey/local_domains
                begin routers
                localuser:
                  driver = accept
                  transport = local_delivery
                """);
    }

    @Test
    void versionListsTheDriversAndTheConfigurationFile() throws Exception {
        Command result = Command.run(HOME, List.of("bin/mta", "-C", configure.toString(), "-bV"));
        assertEquals(0, result.exitCode(), result::toString);
        assertVersionOutput(result);
    }

    @Test
    void sendmailIsTheSameProgram() throws Exception {
        Command result = Command.run(HOME, List.of("bin/sendmail", "-C", configure.toString(), "-bV"));
        assertEquals(0, result.exitCode(), result::toString);
        assertVersionOutput(result);
    }

    /**
     * The shipped configuration names the routers and transports of Exim's default (dnslookup,
     * redirect, smtp, appendfile ...), which arrive with steps 5 and 6: until then the launcher
     * refuses it as Exim refuses a configuration that names a driver it does not have.
     */
    @Test
    void theShippedConfigurationLoadsWithTheDriversItNames() throws Exception {
        Command result = Command.run(HOME, List.of("bin/mta", "-bV"));
        assertEquals(0, result.exitCode(), result::toString);
        assertVersionOutput(result, HOME.resolve("etc/configure"));
    }

    @Test
    void printsTheOptionsOfAConfiguration() throws Exception {
        Command result = Command.run(HOME, List.of("bin/mta", "-C", configure.toString(), "-bP", "primary_hostname",
                "router_list", "+local_domains"));
        assertEquals(0, result.exitCode(), result::toString);
        assertEquals("primary_hostname = mail.example\nlocaluser\n"
                + "domainlist local_domains = @ : lsearch;/etc/osprey/local_domains\n", result.stdout());
    }

    /** As /usr/sbin/sendmail usually is: a symbolic link, called from an unrelated directory. */
    @Test
    void findsItsDistributionThroughASymbolicLink(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("sendmail"), HOME.resolve("bin/sendmail"));
        Command result = Command.run(elsewhere, List.of(link.toString(), "-C", configure.toString(), "-bV"));
        Files.delete(link); // else JUnit warns, cleaning up, of a link that leads out of its directory
        assertEquals(0, result.exitCode(), result::toString);
        assertVersionOutput(result);
    }

    @Test
    void refusesAnUnknownOptionAsEximDoes() throws Exception {
        Command result = Command.run(HOME, List.of("bin/mta", "-bZ"));
        assertEquals(1, result.exitCode(), result::toString);
        assertEquals("osprey abandoned: unknown, malformed, or incomplete option -bZ\n", result.stderr());
        assertEquals("", result.stdout());
    }

    @Test
    void printsUsageWithoutArguments() throws Exception {
        Command result = Command.run(HOME, List.of("bin/mta"));
        assertEquals(1, result.exitCode(), result::toString);
        assertTrue(result.stderr().startsWith("Osprey is a Mail Transfer Agent."), result::toString);
    }

    private static void assertVersionOutput(Command result) {
        assertVersionOutput(result, configure);
    }

    private static void assertVersionOutput(Command result, Path configuration) {
        List<String> lines = result.stdoutLines();
        assertTrue(lines.contains("Routers: accept dnslookup manualroute redirect"), result::toString);
        assertTrue(lines.contains("Transports: appendfile autoreply lmtp pipe smtp"), result::toString);
        // Every driver the distribution ships, its libraries on the class path too (dnsdb needs dnsjava).
        assertTrue(lines.contains("Lookups: derby dnsdb dsearch iplsearch lsearch nwildlsearch pgsql wildlsearch"),
                result::toString);
        assertTrue(lines.contains("ACL conditions: dnslists"), result::toString);
        // On standard error only the configuration check's warnings: no logging, no SLF4J noise.
        assertTrue(result.stderr().lines().allMatch(l -> l.startsWith("osprey: warning: ")
                && l.contains(" is not supported yet and has no effect")), result::toString);
        assertTrue(lines.contains("Configuration file is " + configuration), result::toString);
    }

    /**
     * A message through the launcher end to end: taken with -odq, listed by mailq, delivered
     * by a queue run into a maildir by the appendfile transport; then exim_tidydb on the
     * hints. The configuration is in a directory of the test's own.
     */
    @Test
    void aMessageIsQueuedListedAndDeliveredByAQueueRun(@TempDir Path dir) throws Exception {
        Path conf = dir.resolve("configure");
        Files.writeString(conf, """
                primary_hostname = mail.example
                spool_directory = DIR/spool
                log_file_path = DIR/%slog
                begin routers
                local:
                  driver = accept
                  transport = maildir
                begin transports
                maildir:
                  driver = appendfile
                  directory = DIR/mail/$local_part
                  maildir_format
                """.replace("DIR", dir.toString()));
        Path message = dir.resolve("message");
        Files.writeString(message, "Subject: through the launcher\n\nHello.\n");
        Process submit = new ProcessBuilder(HOME.resolve("bin/mta").toString(), "-C", conf.toString(), "-odq", "alice")
                .redirectInput(message.toFile()).redirectErrorStream(true).start();
        String submitted = new String(submit.getInputStream().readAllBytes());
        assertEquals(0, submit.waitFor(), submitted);

        Command listing = Command.run(HOME, List.of("bin/mailq", "-C", conf.toString()));
        assertEquals(0, listing.exitCode(), listing::toString);
        assertTrue(listing.stdout().contains("          alice@mail.example\n"), listing::toString);

        Command run = Command.run(HOME, List.of("bin/mta", "-C", conf.toString(), "-q"));
        assertEquals(0, run.exitCode(), run::toString);
        List<Path> delivered;
        try (var files = Files.list(dir.resolve("mail/alice/new"))) {
            delivered = files.toList();
        }
        assertEquals(1, delivered.size());
        assertTrue(Files.readString(delivered.get(0)).contains("Subject: through the launcher\n"));
        String mainlog = Files.readString(dir.resolve("mainlog"));
        assertTrue(mainlog.contains(" => alice <alice@mail.example> R=local T=maildir\n"), mainlog);
        assertTrue(mainlog.contains(" Completed\n"), mainlog);

        Command tidy = Command.run(HOME, List.of("bin/exim_tidydb", dir.resolve("spool").toString(), "retry"));
        assertEquals(0, tidy.exitCode(), tidy::toString);
        assertEquals(List.of("Tidying Exim hints database " + dir.resolve("spool") + "/db/retry", "Tidying complete"),
                tidy.stdoutLines());
    }

    private static Path home() {
        try {
            return Path.of(System.getProperty("osprey.assembly.dir")).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("no unpacked distribution; build karaf-assembly first", e);
        }
    }
}
