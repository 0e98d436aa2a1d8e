package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mta -bt} with dnslookup and manualroute routers against a real DNS: dnsmasq in a network
 * namespace whose resolv.conf points at it ({@code scripts/with-test-dns}), serving the
 * records of bundles/router-dnslookup/src/test/resources/exim-bt/dnsmasq.conf. The expected
 * output is what Exim 4.96 printed for the same configuration and the same DNS (the
 * recordings and how they were made are in that directory's README).
 */
class DnsRoutingIT {
    private static final Path HOME = path("osprey.assembly.dir");
    private static final Path SOURCE = path("osprey.source.dir");
    private static final Path RECORDED = SOURCE.resolve("bundles/router-dnslookup/src/test/resources/exim-bt");
    private static final Path MANUALROUTE = SOURCE.resolve("itests/distribution/src/test/resources/manualroute");

    @Test
    void routesAsEximDoesWithTheDefaultOptions(@TempDir Path dir) throws Exception {
        compare(dir, RECORDED.resolve("configure-plain"), RECORDED.resolve("bt-plain.txt"), List.of("a@mx1.test", "a@two.test", "a@nomx.test",
                "a@dangling.test", "a@iprhs.test", "a@dotmx.test", "a@nonexist.test", "a@selfmx.test",
                "a@secondary.test", "a@alias.test", "a@mx1"));
    }

    @Test
    void routesAsEximDoesWithEachPrivateOption(@TempDir Path dir) throws Exception {
        compare(dir, RECORDED.resolve("configure-options"), RECORDED.resolve("bt-options.txt"), List.of("a@srv.test", "a@nosrv.test", "f@mx1.test",
                "g@mx1.test", "mxd@nomx.test", "mxd@mx1.test", "fdd@nonexist.test", "fdd@dangling.test",
                "sec@secondary.test", "sec@two.test", "sec@selfmx.test", "widen@mx1", "widen@nonexist",
                "v4@two.test", "v4p@two.test", "send@selfmx.test"));
    }

    @Test
    void manualrouteFindsItsHostsAsEximDoes(@TempDir Path dir) throws Exception {
        compare(dir, MANUALROUTE.resolve("configure"), MANUALROUTE.resolve("bt.txt"), List.of("a@byname.example",
                "a@bydns.example", "a@viamx.example", "a@missing.example", "a@failing.example",
                "a@allignored.example", "a@self.example", "a@literal.example", "a@data.example"));
    }

    /** Runs -bt for the addresses and compares with Exim's output: its LOG: lines on stderr, the rest on stdout. */
    private static void compare(Path dir, Path configuration, Path recording, List<String> addresses)
            throws IOException, InterruptedException {
        Path configure = dir.resolve("configure");
        Files.writeString(configure, "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir.resolve("log/%slog") + "\n"
                + Files.readString(configuration));
        List<String> command = new ArrayList<>(List.of(SOURCE.resolve("scripts/with-test-dns").toString(),
                "--search", "test", RECORDED.resolve("dnsmasq.conf").toString(), "--",
                "bin/mta", "-C", configure.toString(), "-bt"));
        command.addAll(addresses);
        Command result = Command.run(HOME, command);

        List<String> exim = Files.readAllLines(recording);
        List<String> logged = new ArrayList<>();
        List<String> printed = new ArrayList<>();
        for (int i = 0; i < exim.size(); i++) {
            if (exim.get(i).startsWith("LOG: ")) {
                logged.add(exim.get(++i).trim());
            } else {
                printed.add(exim.get(i));
            }
        }
        assertEquals(String.join("\n", printed) + "\n", result.stdout(), "stderr: " + result.stderr());
        // Address testing writes routing's log lines to standard error, not to the main log.
        for (String line : logged) {
            assertTrue(result.stderr().contains("LOG: MAIN\n  " + line + "\n"), "stderr: " + result.stderr());
        }
        // Exim's -bt exits 2 when an address fails, which each recording has.
        assertEquals(2, result.exitCode(), result.stderr());
    }

    private static Path path(String property) {
        try {
            return Path.of(System.getProperty(property)).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(property + " does not name a directory", e);
        }
    }
}
