package org.osprey.mta.transport.lmtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.Outcome;

/**
 * Deliveries to a real Dovecot LMTP server (scripts/test-packages: dovecot-core,
 * dovecot-lmtpd), started for these tests with a throwaway configuration: an LMTP
 * listener on a Unix socket in a temporary directory, a passwd-file user database and
 * maildirs under the same directory.
 *
 * <p>Dovecot refuses mail access for uid 0, so when the tests run as root (as in CI) the
 * test user and its maildir belong to "nobody"; otherwise to the user running them.
 */
class DovecotLmtpTest {
    private static Path dir;
    private static Process dovecot;

    @BeforeAll
    static void startDovecot() throws Exception {
        dir = Files.createTempDirectory("osprey-lmtp-dovecot");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path mail = Files.createDirectory(dir.resolve("mail"));
        int uid = (Integer) Files.getAttribute(dir, "unix:uid");
        int gid = (Integer) Files.getAttribute(dir, "unix:gid");
        if (uid == 0) {
            var lookup = dir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(mail, lookup.lookupPrincipalByName("nobody"));
            Files.getFileAttributeView(mail, PosixFileAttributeView.class)
                    .setGroup(lookup.lookupPrincipalByGroupName("nogroup"));
            uid = (Integer) Files.getAttribute(mail, "unix:uid");
            gid = (Integer) Files.getAttribute(mail, "unix:gid");
        }
        Files.writeString(dir.resolve("passwd"), "tester@example.com:{PLAIN}secret:" + uid + ":" + gid + "::" + mail
                + "/tester::\n");
        Path run = Files.createDirectory(dir.resolve("run"));
        Path conf = dir.resolve("dovecot.conf");
        Files.writeString(conf, String.join("\n",
                "protocols = lmtp",
                "base_dir = " + run,
                "state_dir = " + run,
                "log_path = " + dir.resolve("dovecot.log"),
                "ssl = no",
                "listen = 127.0.0.1",
                "first_valid_uid = 1",
                "mail_location = maildir:" + mail + "/%n",
                "passdb {", "  driver = passwd-file", "  args = " + dir.resolve("passwd"), "}",
                "userdb {", "  driver = passwd-file", "  args = " + dir.resolve("passwd"), "}",
                "service lmtp {", "  unix_listener " + socket() + " {", "    mode = 0666", "  }", "}",
                ""));
        dovecot = new ProcessBuilder("dovecot", "-F", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("dovecot.out").toFile()).start();
        for (int i = 0; i < 100 && !Files.exists(socket()); i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.exists(socket()), () -> "dovecot did not start: " + read(dir.resolve("dovecot.out"))
                + read(dir.resolve("dovecot.log")));
    }

    @AfterAll
    static void stopDovecot() throws Exception {
        if (dovecot != null) {
            dovecot.destroy();
            dovecot.waitFor();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Path socket() {
        return dir.resolve("lmtp.sock");
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Path> newMail() throws IOException {
        Path newDir = dir.resolve("mail/tester/new");
        if (!Files.isDirectory(newDir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(newDir)) {
            return files.sorted().toList();
        }
    }

    @Test
    void aMessageArrivesInTheMaildirWithItsDotsUnstuffed() throws Exception {
        int before = newMail().size();
        var t = Fixture.transport("socket", socket().toString());
        List<Outcome> outcomes = Fixture.deliver(t, TestMessage.simple("first line\n.a dot line\n..two dots\n"),
                Address.of("tester", "example.com"));
        var delivered = assertInstanceOf(Outcome.Delivered.class, outcomes.get(0), () -> outcomes + read(dir.resolve("dovecot.log")));
        assertTrue(delivered.confirmation().startsWith("250 2.0.0 <tester@example.com> "), delivered.confirmation());
        List<Path> mail = newMail();
        assertEquals(before + 1, mail.size());
        String text = Files.readString(mail.get(mail.size() - 1));
        assertTrue(text.contains("Return-Path: <sender@example.com>"), text);
        assertTrue(text.contains("Subject: test\n"), text);
        assertTrue(text.endsWith("\nfirst line\n.a dot line\n..two dots\n"), text);
    }

    @Test
    void anUnknownUserFailsAndTheOtherAddressIsDelivered() throws Exception {
        int before = newMail().size();
        // Dovecot does not advertise IGNOREQUOTA, so ignore_quota adds nothing.
        var t = Fixture.transport("socket", socket().toString(), "ignore_quota", "true");
        List<Outcome> outcomes = Fixture.deliver(t, TestMessage.simple("hello\n"),
                Address.of("nosuchuser", "example.com"), Address.of("tester", "example.com"));
        var failed = assertInstanceOf(Outcome.Failed.class, outcomes.get(0));
        assertTrue(failed.message().startsWith("LMTP error after RCPT TO:<nosuchuser@example.com>: 550 5.1.1 "),
                failed.message());
        assertInstanceOf(Outcome.Delivered.class, outcomes.get(1));
        assertEquals(before + 1, newMail().size());
    }
}
