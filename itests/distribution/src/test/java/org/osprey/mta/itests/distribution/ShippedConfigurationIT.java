package org.osprey.mta.itests.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped etc/configure, routers and all, as the default-configuration chapter describes
 * it: local submissions are delivered, postmaster is always accepted, restricted characters
 * are refused, senders are verified, and only relay_from_hosts may relay. Under a DNS of the
 * test's making (scripts/with-test-dns, data in resources/shipped), through {@code -bh} sessions
 * whose replies must be the ones Exim 4.96 gave with the same file and the same DNS.
 *
 * <p>The file is used as shipped with two changes: a primary_hostname, spool and log paths
 * put in front, and local_delivery's {@code /var/mail/$local_part_data} moved into the test's
 * directory. The local user is {@code daemon}, whose home (/usr/sbin) has no .forward.
 */
class ShippedConfigurationIT {
    private static final Path HOME = path("osprey.assembly.dir");
    private static final Path SOURCE = path("osprey.source.dir");
    private static final Path DATA = SOURCE.resolve("itests/distribution/src/test/resources/shipped");
    @TempDir
    static Path dir;
    private static Path configure;

    @BeforeAll
    static void writeConfiguration() throws IOException {
        String shipped = Files.readString(HOME.resolve("etc/configure"));
        String mailbox = "file = /var/mail/$local_part_data";
        assertTrue(shipped.contains(mailbox), "the shipped local_delivery writes to /var/mail");
        Files.createDirectories(dir.resolve("mail"));
        // The delivery runs as the local user (daemon), who must be able to reach and write
        // the mail directory, as everyone can write a system's /var/mail (or its group).
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(dir.resolve("mail"), PosixFilePermissions.fromString("rwxrwxrwx"));
        configure = dir.resolve("configure");
        Files.writeString(configure, "primary_hostname = mail.test\n"
                + "spool_directory = " + dir.resolve("spool") + "\n"
                + "log_file_path = " + dir.resolve("log/%slog") + "\n"
                + shipped.replace(mailbox, "file = " + dir.resolve("mail") + "/$local_part_data"));
        Files.copy(DATA.resolve("aliases"), dir.resolve("aliases"));
    }

    @Test
    void aStrangerMayNotRelayAndHisSenderIsVerified() throws Exception {
        assertEquals(Files.readAllLines(DATA.resolve("stranger.exim")), session("127.0.0.2", "stranger.txt"));
    }

    @Test
    void aHostInRelayFromHostsMayRelay() throws Exception {
        assertEquals(Files.readAllLines(DATA.resolve("neighbour.exim")), session("127.0.0.1", "neighbour.txt"));
    }

    @Test
    void aLocalSubmissionToPostmasterIsDeliveredThroughTheAliases() throws Exception {
        Path message = dir.resolve("message");
        Files.writeString(message, "Subject: shipped\n\nhello from the shipped configuration\n");
        Command result = dns(List.of("bin/mta", "-C", configure.toString(), "-odi", "postmaster"), message);
        assertEquals(0, result.exitCode(), result.toString());
        String mailbox = Files.readString(dir.resolve("mail/daemon"));
        assertTrue(mailbox.contains("hello from the shipped configuration"), mailbox);
        assertTrue(mailbox.contains("Envelope-to: postmaster@mail.test"), mailbox);
        String mainlog = Files.readString(dir.resolve("log/mainlog"));
        assertTrue(mainlog.contains("=> daemon <postmaster@mail.test> R=localuser T=local_delivery"), mainlog);
    }

    /** The reply lines of a -bh session from {@code host}, after EHLO's (whose extensions differ from Exim's). */
    private static List<String> session(String host, String transcript) throws IOException, InterruptedException {
        Command result = dns(List.of("bin/mta", "-C", configure.toString(), "-bh", host),
                DATA.resolve(transcript));
        List<String> replies = new ArrayList<>();
        boolean afterEhlo = false;
        for (String line : result.stdoutLines()) {
            if (!line.matches("^[0-9]{3}[ -].*")) {
                continue;
            }
            if (afterEhlo) {
                replies.add(line);
            } else if (line.startsWith("250 ")) {
                afterEhlo = true;
            }
        }
        assertTrue(afterEhlo, result.toString());
        return replies;
    }

    private static Command dns(List<String> command, Path input) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(SOURCE.resolve("scripts/with-test-dns").toString(),
                DATA.resolve("dns.conf").toString(), "--"));
        all.addAll(command);
        return Command.run(HOME, all, input);
    }

    private static Path path(String property) {
        try {
            return Path.of(System.getProperty(property)).toRealPath();
        } catch (IOException e) {
            throw new IllegalStateException(property + " does not name a directory", e);
        }
    }
}
