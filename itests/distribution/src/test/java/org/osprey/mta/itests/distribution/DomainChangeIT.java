package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/mta -odi} with dnslookup routers that widen single-component domains against a
 * real DNS ({@code scripts/with-test-dns}): the message's address headers follow each change
 * of domain (dnslookup's {@code rewrite_headers}) as in what Exim 4.96 delivered with the
 * same configuration and DNS (itests/distribution/src/test/resources/domain-change, its
 * README says how it was recorded).
 */
class DomainChangeIT {
    private static final Path HOME = path("osprey.assembly.dir");
    private static final Path SOURCE = path("osprey.source.dir");
    private static final Path DATA = SOURCE.resolve("itests/distribution/src/test/resources/domain-change");

    @Test
    void theDeliveredHeadersAreThoseEximWrote(@TempDir Path dir) throws Exception {
        Path mailbox = dir.resolve("mailbox");
        Path configure = dir.resolve("configure");
        Files.writeString(configure, "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir.resolve("log/%slog") + "\n"
                + Files.readString(DATA.resolve("configure")).replace("MAILBOX", mailbox.toString()));
        Command result = Command.run(HOME, List.of(SOURCE.resolve("scripts/with-test-dns").toString(),
                "--search", "test", DATA.resolve("dnsmasq.conf").toString(), "--",
                "bin/mta", "-C", configure.toString(), "-odi", "-f", "sender@host.test",
                "user@mx1", "third@mx2", "b@nr"), DATA.resolve("message"));
        assertEquals(0, result.exitCode(), result.toString());
        List<String> exim = addressHeaders(Files.readAllLines(DATA.resolve("exim-mailbox")));
        assertEquals(3, exim.size());
        assertEquals(exim, addressHeaders(Files.readAllLines(mailbox)));
        String mainlog = Files.readString(dir.resolve("log/mainlog"));
        for (String delivery : List.of("=> user@mx1.test <user@mx1> R=dnslookup T=file_t",
                "=> third@mx2.test <third@mx2> R=dnslookup T=file_t", "=> b@nr.test <b@nr> R=dnslookup T=file_t")) {
            assertEquals(true, mainlog.contains(delivery), mainlog);
        }
    }

    /** Each message's headers from its From: header to its X-Other: header (no ids or dates), one string each. */
    private static List<String> addressHeaders(List<String> mailbox) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : mailbox) {
            if (line.startsWith("From: ")) {
                current = new StringBuilder();
            }
            if (current != null) {
                current.append(line).append('\n');
                if (line.startsWith("X-Other: ")) {
                    out.add(current.toString());
                    current = null;
                }
            }
        }
        return out;
    }

    private static Path path(String property) {
        try {
            return Path.of(System.getProperty(property)).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(property + " does not name a directory", e);
        }
    }
}
