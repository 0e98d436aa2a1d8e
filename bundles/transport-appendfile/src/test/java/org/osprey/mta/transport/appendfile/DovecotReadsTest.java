package org.osprey.mta.transport.appendfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.appendfile.Fixture.assertDelivered;
import static org.osprey.mta.transport.appendfile.Fixture.transport;
import static org.osprey.mta.transport.appendfile.Fixture.variables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.testing.TestMessage;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.Transport;

/**
 * What the transport writes, read back by a real mail reader: Dovecot's doveadm with a
 * throwaway configuration, on an mbox file and on a maildir with a maildirsize file.
 * Run as root, the deliveries are made for nobody:nogroup (credentials) and doveadm runs
 * as nobody (Dovecot refuses uid 0 for mail); otherwise both run as the current user.
 */
class DovecotReadsTest {
    @TempDir
    Path dir;
    private Path home;
    private Credentials user;
    private boolean root;

    @BeforeEach
    void home() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/doveadm")), "doveadm (dovecot-core) is needed");
        root = Fixture.isRoot();
        FileFacts.chmod(dir, 0755);
        home = Files.createDirectory(dir.resolve("home"));
        Files.createDirectory(dir.resolve("run"));
        if (root) {
            DeliveryAsUserTest.giveTo(home, "nobody", "nogroup");
            DeliveryAsUserTest.giveTo(dir.resolve("run"), "nobody", "nogroup");
            user = new Credentials("nobody", FileFacts.uid(home), FileFacts.gid(home), List.of());
        }
    }

    private void deliver(Transport t, String subject, String body) {
        TestMessage m = new TestMessage("sender@example.com", List.of(new Header("From", "sender@example.com"),
                new Header("Subject", subject)), body);
        Map<String, String> vars = variables("home", home.toString());
        UserDelivery d = new UserDelivery(m, List.of(Fixture.USER), new TestExpander(vars), user);
        assertDelivered(t.deliver(d).outcome(Fixture.USER).orElseThrow());
    }

    private Path config(String mailLocation) throws IOException {
        Path conf = dir.resolve("dovecot.conf");
        Files.writeString(conf, String.join("\n",
                "base_dir = " + dir.resolve("run"),
                "state_dir = " + dir.resolve("run"),
                "log_path = " + dir.resolve("dovecot.log"),
                "ssl = no",
                "first_valid_uid = 1",
                "mail_location = " + mailLocation,
                "mail_plugins = quota",
                "plugin {",
                "  quota = maildir:User quota",
                "  quota_rule = *:storage=10K",
                "}", ""));
        FileFacts.chmod(conf, 0644);
        return conf;
    }

    /** Runs doveadm as the mailbox's user and returns its output; fails the test when doveadm does. */
    private String doveadm(Path conf, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
        }
        command.addAll(List.of("doveadm", "-c", conf.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("USER", root ? "nobody" : System.getProperty("user.name"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("PATH", "/usr/bin:/bin:/usr/sbin:/sbin");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), () -> String.join(" ", args) + ": " + out);
        return out;
    }

    @Test
    void dovecotReadsTheMboxAndSeesTheEscapedFromLine() throws Exception {
        Path inbox = home.resolve("inbox");
        Transport t = transport("file", inbox.toString());
        deliver(t, "one", "From the start of a line\nsecond line\n");
        deliver(t, "two", "plain\n");
        deliver(t, "three", "From here too\n");
        Path conf = config("mbox:~/mail:INBOX=" + inbox);
        String found = doveadm(conf, "search", "mailbox", "INBOX", "all");
        assertEquals(3, found.lines().count(), found);
        String first = doveadm(conf, "fetch", "body", "mailbox", "INBOX", "uid", "1");
        assertEquals("body:\n>From the start of a line\nsecond line\n", first.replace("\n\n", "\n"),
                "the line was escaped, and a reader sees the escape");
        String subjects = doveadm(conf, "fetch", "hdr.subject", "mailbox", "INBOX", "all");
        assertEquals(List.of("hdr.subject: one", "hdr.subject: two", "hdr.subject: three"),
                subjects.lines().filter(l -> !l.isBlank()).toList());
    }

    @Test
    void dovecotReadsTheMaildirAndComputesTheSameMaildirsize() throws Exception {
        Path maildir = home.resolve("Maildir");
        Transport t = transport("directory", maildir.toString(), "maildir_format", "true", "quota", "10K",
                "maildir_use_size_file", "true");
        deliver(t, "one", "From the start\n");
        deliver(t, "two", "x".repeat(3000) + "\n");
        deliver(t, "three", "three\n");
        Path conf = config("maildir:~/Maildir");
        String found = doveadm(conf, "search", "mailbox", "INBOX", "all");
        assertEquals(3, found.lines().count(), found);
        String body = doveadm(conf, "fetch", "body", "mailbox", "INBOX", "uid", "1");
        assertTrue(body.contains("\nFrom the start\n"), "no escaping in a maildir: " + body);

        long[] ours = totals(maildir.resolve("maildirsize"));
        assertEquals(3, ours[1]);
        Files.delete(maildir.resolve("maildirsize")); // so that what follows is Dovecot's own count
        doveadm(conf, "quota", "recalc");
        long[] dovecots = totals(maildir.resolve("maildirsize"));
        assertEquals(ours[0], dovecots[0], "the bytes Dovecot counts");
        assertEquals(ours[1], dovecots[1], "the messages Dovecot counts");
        String quota = doveadm(conf, "quota", "get");
        long kilobytes = (ours[0] + 1023) / 1024;
        assertTrue(quota.lines().anyMatch(l -> l.matches("User quota +STORAGE +" + kilobytes + " +10 .*")), quota);
        assertTrue(quota.lines().anyMatch(l -> l.matches("User quota +MESSAGE +3 .*")), quota);

        deliver(t, "four", "after Dovecot rewrote the file\n");
        long[] after = totals(maildir.resolve("maildirsize"));
        assertEquals(4, after[1], "Dovecot's file is read and appended to: " + Files.readString(maildir.resolve(
                "maildirsize")));
        Files.delete(maildir.resolve("maildirsize"));
        doveadm(conf, "quota", "recalc");
        assertEquals(after[0], totals(maildir.resolve("maildirsize"))[0]);
    }

    /** The sums of a maildirsize file's size and count columns. */
    private static long[] totals(Path maildirsize) throws IOException {
        List<String> lines = Files.readAllLines(maildirsize);
        long bytes = 0;
        long count = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] parts = line.trim().split(" +");
            bytes += Long.parseLong(parts[0]);
            count += Long.parseLong(parts[1]);
        }
        return new long[] {bytes, count};
    }
}
