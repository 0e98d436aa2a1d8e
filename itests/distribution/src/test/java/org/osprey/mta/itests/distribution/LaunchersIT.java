package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/mta and bin/sendmail of the unpacked distribution, run as a user or a mail program runs them. */
class LaunchersIT {
    private static final Path HOME = home();

    @Test
    void versionListsTheDriversAndTheConfigurationFile() throws Exception {
        Command result = Command.run(HOME, List.of("bin/mta", "-bV"));
        assertEquals(0, result.exitCode(), result::toString);
        assertVersionOutput(result);
    }

    @Test
    void sendmailIsTheSameProgram() throws Exception {
        Command result = Command.run(HOME, List.of("bin/sendmail", "-bV"));
        assertEquals(0, result.exitCode(), result::toString);
        assertVersionOutput(result);
    }

    /** As /usr/sbin/sendmail usually is: a symbolic link, called from an unrelated directory. */
    @Test
    void findsItsDistributionThroughASymbolicLink(@TempDir Path elsewhere) throws Exception {
        Path link = Files.createSymbolicLink(elsewhere.resolve("sendmail"), HOME.resolve("bin/sendmail"));
        Command result = Command.run(elsewhere, List.of(link.toString(), "-bV"));
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
        List<String> lines = result.stdoutLines();
        assertTrue(lines.contains("Routers: accept"), result::toString);
        // Every driver the distribution ships, its libraries on the class path too (dnsdb needs dnsjava).
        assertTrue(lines.contains("Lookups: dnsdb dsearch iplsearch lsearch nwildlsearch wildlsearch"), result::toString);
        assertEquals("", result.stderr(), "nothing on standard error, as with exim -bV");
        assertTrue(lines.contains("Configuration file is " + HOME.resolve("etc/configure")), result::toString);
    }

    private static Path home() {
        try {
            return Path.of(System.getProperty("osprey.assembly.dir")).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException("no unpacked distribution; build karaf-assembly first", e);
        }
    }
}
