package org.osprey.mta.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MainTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final Path home = Path.of("/opt/osprey");

    int run(String... args) {
        return new Main(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home).run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void versionListsTheDriversOnTheClassPathAndTheConfigurationFile() {
        assertEquals(0, run("-bV"));
        assertTrue(out().startsWith("Osprey version "), out());
        assertTrue(out().contains("\nRouters: testroute\n"), out());
        assertTrue(out().contains("\nTransports: \n"), out());
        assertTrue(out().endsWith("Configuration file is /opt/osprey/etc/configure\n"), out());
        assertEquals("osprey: org.osprey.mta.core.cli.UnnamedRouterDriver is listed as a router driver but has no"
                + " @MtaDriver(kind = \"router\"): ignored\n", err());
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
