package org.osprey.mta.core.receive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.Recipient;
import org.osprey.mta.core.spool.Spool;

/**
 * What the recorded cases cannot show: that the body streams to the spool while it is read,
 * that a refused message leaves nothing behind, read and write failures, the files read back
 * by the spool, and the caller's details Exim takes from the passwd file.
 */
class LocalSubmissionTest {
    private static final Submitter ROOT = SubmissionFixture.user("root");

    @TempDir
    Path dir;

    private static InputStream text(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private Spool spool() {
        return new Spool(dir.resolve("spool"), false);
    }

    @Test
    void the_body_is_on_the_spool_before_the_input_ends() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        int bodyLines = 40_000;
        long[] onDiskAtEnd = {-1};
        InputStream in = new InputStream() {
            private final byte[] head = "Subject: big\n\n".getBytes(StandardCharsets.US_ASCII);
            private final byte[] line = "0123456789012345678901234567890123456789012345678\n"
                    .getBytes(StandardCharsets.US_ASCII);
            private long pos;

            @Override
            public int read() throws IOException {
                long total = head.length + (long) bodyLines * line.length;
                if (pos >= total) {
                    if (onDiskAtEnd[0] < 0) {
                        onDiskAtEnd[0] = temporaryDataFileSize();
                    }
                    return -1;
                }
                long p = pos++;
                return p < head.length ? head[(int) p] : line[(int) ((p - head.length) % line.length)];
            }
        };
        SubmissionResult r = f.submission.submit(ROOT, SubmissionOptions.of(List.of("a@b.example")), in);
        long body = (long) bodyLines * 50;
        // At the end of the input all but the writers' buffers (at most 80 KB) is in the file already.
        assertTrue(onDiskAtEnd[0] > body - 100_000, "bytes on disk when the input ended: " + onDiskAtEnd[0]);
        assertEquals(body + 19, Files.size(spool().dataFile(r.id())));
        assertEquals(String.valueOf(bodyLines), spool().read(r.id()).value("body_linecount").orElseThrow());
    }

    private long temporaryDataFileSize() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("spool/input"))) {
            return files.filter(p -> p.getFileName().toString().startsWith("data."))
                    .mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void an_accepted_message_reads_back_from_the_spool() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        SubmissionResult r = f.submission.submit(ROOT, SubmissionOptions.of(List.of("a@b.example, c")),
                text("Subject: back\nTo: a@b.example\n\nline 1\nline 2\n"));
        assertEquals(List.of(r.id()), spool().list());
        assertTrue(r.errorMessageId().isEmpty());
        HeaderFile h = spool().read(r.id());
        assertEquals("root@qd.example", h.sender());
        assertEquals(List.of(Recipient.of("a@b.example"), Recipient.of("c@qd.example")), h.recipients());
        assertEquals("local", h.receivedProtocol().orElseThrow());
        assertTrue(h.deliverFirstTime());
        assertEquals(List.of('P', ' ', 'T', 'I', 'F', ' '), h.headers().stream().map(HeaderLine::type).toList());
        assertEquals(SubmissionFixture.NOW.getEpochSecond(), h.receivedTime());
        assertEquals(r.id() + "-D\nline 1\nline 2\n",
                Files.readString(spool().dataFile(r.id()), StandardCharsets.ISO_8859_1));
        assertEquals(List.of(r.id() + "-D", r.id() + "-H"), f.spoolNames());
    }

    @Test
    void a_refused_message_leaves_nothing_on_the_spool() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "message_size_limit = 1K\n");
        String big = "Subject: x\n\n" + "y".repeat(2000) + "\n";
        SubmissionException e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of("a@b.example")).withErrorMode(ErrorMode.STDERR), text(big)));
        assertEquals(1, e.exitCode());
        assertEquals("osprey: message rejected: message too big (max=1024)\n", e.stderrText());
        assertTrue(e.errorMessage().isEmpty());
        assertEquals(List.of(), f.spoolNames());
        assertEquals(List.of(), spool().list());
    }

    @Test
    void in_the_default_mode_only_the_error_message_is_left() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        SubmissionException e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of()).extractingRecipients(), text("Subject: none\n\nbody\n")));
        assertEquals(1, e.exitCode());
        MessageId mailed = e.errorMessage().orElseThrow();
        assertEquals(List.of(mailed), spool().list());
        HeaderFile h = spool().read(mailed);
        assertEquals("", h.sender());
        assertEquals(List.of(Recipient.of("root@qd.example")), h.recipients());
        assertTrue(h.has("localerror"));
        String body = Files.readString(spool().dataFile(mailed), StandardCharsets.ISO_8859_1);
        assertTrue(body.contains("\nSubject: none\n"), body);
        assertTrue(body.endsWith("\nbody\n"), body);
    }

    @Test
    void oee_exits_0_once_the_error_is_mailed() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        SubmissionException e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of("bad@@x")).withErrorMode(ErrorMode.MAIL_EXIT_ZERO), text("x\n")));
        assertEquals(0, e.exitCode());
        assertEquals("", e.stderrText());
        assertTrue(e.errorMessage().isPresent());
    }

    @Test
    void malformed_addresses_from_t_are_mailed_and_the_message_kept() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        SubmissionResult r = f.submission.submit(ROOT, SubmissionOptions.of(List.of()).extractingRecipients(),
                text("To: good@g.example, bad@@x\n\nbody\n"));
        MessageId mailed = r.errorMessageId().orElseThrow();
        assertEquals(List.of(Recipient.of("good@g.example")), spool().read(r.id()).recipients());
        assertEquals(List.of(Recipient.of("root@qd.example")), spool().read(mailed).recipients());
    }

    @Test
    void a_read_error_abandons_the_message() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        InputStream failing = new InputStream() {
            private final InputStream start = text("Subject: x\n\nsome body\n");

            @Override
            public int read() throws IOException {
                int c = start.read();
                if (c < 0) {
                    throw new IOException("Connection reset by peer");
                }
                return c;
            }
        };
        SubmissionFixture.Outcome o = f.submit(ROOT, SubmissionOptions.of(List.of("a@b.example"))
                .withErrorMode(ErrorMode.STDERR), "");
        assertEquals(0, o.exitCode());
        SubmissionException e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of("a@b.example")).withErrorMode(ErrorMode.STDERR), failing));
        assertEquals(1, e.exitCode());
        assertEquals("osprey: Input read error (Connection reset by peer) while receiving message from root\n",
                e.stderrText());
        assertTrue(Files.readString(dir.resolve("log/mainlog")).contains(
                " Message abandoned: Input read error (Connection reset by peer) while receiving message from root\n"));
        assertEquals(1, spool().list().size(), "only the message before");
        assertEquals(2, f.spoolNames().size(), "no temporary file is left");
    }

    @Test
    void a_spool_that_cannot_be_written_is_a_panic() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        Files.createDirectories(dir.resolve("spool"));
        Files.writeString(dir.resolve("spool/input"), "not a directory");
        SubmissionFixture.Outcome o = f.submit(ROOT, SubmissionOptions.of(List.of("a@b.example")), "Subject: x\n\nx\n");
        assertEquals(1, o.exitCode());
        assertTrue(o.paniclog().contains(" Failed to create spool file "), o.paniclog());
        assertTrue(o.stderr().contains(" Failed to create spool file "), o.stderr());
        assertFalse(o.mainlog().contains("<="), o.mainlog());
    }

    @Test
    void timezone_sets_the_zone_of_date_and_received() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "timezone = Europe/Paris\n");
        SubmissionResult r = f.submission.submit(ROOT, SubmissionOptions.of(List.of("a@b.example")),
                text("Subject: tz\n\nx\n"));
        List<HeaderLine> headers = spool().read(r.id()).headers();
        assertTrue(headers.get(0).text().endsWith(";\n\tSun, 22 Nov 2026 02:34:00 +0100\n"), headers.get(0).text());
        assertEquals("Date: Sun, 22 Nov 2026 02:34:00 +0100\n", headers.get(headers.size() - 1).text());
    }

    @Test
    void the_gecos_ampersand_is_the_capitalised_login() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        SubmissionResult r = f.submission.submit(Submitter.of("ann", 1234, 100, "& Jones,Room 7"),
                SubmissionOptions.of(List.of("a@b.example")), text("Subject: g\n\nx\n"));
        HeaderFile h = spool().read(r.id());
        assertEquals("ann 1234 100\n", "%s %d %d\n".formatted(h.originatorLogin(), h.originatorUid(),
                h.originatorGid()));
        assertTrue(h.headers().contains(new HeaderLine('F', "From: \"Ann Jones,Room 7\" <ann@qd.example>\n")),
                h.headers().toString());
        assertTrue(h.has("local"));
    }

    @Test
    void trusted_groups_include_supplementary_groups() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "trusted_groups = 4000\n");
        Submitter member = new Submitter("ann", 1234, 100, List.of(4000L), "Ann");
        SubmissionResult r = f.submission.submit(member,
                SubmissionOptions.of(List.of("a@b.example")).withSender("boss@corp.example"), text("x\n"));
        HeaderFile h = spool().read(r.id());
        assertEquals("boss@corp.example", h.sender());
        assertFalse(h.has("local"));
        SubmissionResult other = f.submission.submit(Submitter.of("bob", 1235, 100, "Bob"),
                SubmissionOptions.of(List.of("a@b.example")).withSender("boss@corp.example"), text("x\n"));
        assertEquals("bob@qd.example", spool().read(other.id()).sender());
    }

    @Test
    void a_uid_without_a_login_uses_unknown_login_or_panics() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "unknown_login = mystery\nunknown_username = Mr Mystery\n");
        SubmissionResult r = f.submission.submit(new Submitter(null, 4321, 4321, List.of(), ""),
                SubmissionOptions.of(List.of("a@b.example")), text("x\n"));
        HeaderFile h = spool().read(r.id());
        assertEquals("mystery", h.originatorLogin());
        assertEquals("mystery@qd.example", h.sender());
        assertTrue(h.headers().contains(new HeaderLine('F', "From: Mr Mystery <mystery@qd.example>\n")));

        SubmissionFixture plain = new SubmissionFixture(dir.resolve("plain"), "");
        SubmissionFixture.Outcome o = plain.submit(new Submitter(null, 4321, 4321, List.of(), ""),
                SubmissionOptions.of(List.of("a@b.example")), "x\n");
        assertEquals(1, o.exitCode());
        assertTrue(o.paniclog().endsWith(" Failed to get user name for uid 4321\n"), o.paniclog());
    }

    @Test
    void ids_taken_in_the_same_tick_differ() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "", Clock.fixed(SubmissionFixture.NOW, ZoneOffset.UTC));
        MessageId first = f.submission.submit(ROOT, SubmissionOptions.of(List.of("a@b.example")), text("x\n")).id();
        MessageId second = f.submission.submit(ROOT, SubmissionOptions.of(List.of("a@b.example")), text("y\n")).id();
        assertTrue(first.compareTo(second) < 0);
        assertEquals(List.of(first, second), spool().list());
    }

    @Test
    void long_arguments_are_refused_as_exim_refuses_them() throws Exception {
        SubmissionFixture f = new SubmissionFixture(dir, "");
        SubmissionException e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of("a@b.example")).withFullName("n".repeat(257)), text("x\n")));
        assertEquals("osprey: length limit exceeded (257 > 256) for: -F\n", e.stderrText());
        e = assertThrows(SubmissionException.class, () -> f.submission.submit(ROOT,
                SubmissionOptions.of(List.of("a@b.example")).withSender("s".repeat(1025)), text("x\n")));
        assertEquals("osprey: length limit exceeded (1025 > 1024) for: -f\n", e.stderrText());
    }

    @Test
    void error_mode_options() {
        assertEquals(ErrorMode.MAIL, ErrorMode.forOption("-oem").orElseThrow());
        assertEquals(ErrorMode.MAIL, ErrorMode.forOption("-oew").orElseThrow());
        assertEquals(ErrorMode.MAIL_EXIT_ZERO, ErrorMode.forOption("-oee").orElseThrow());
        assertEquals(ErrorMode.STDERR, ErrorMode.forOption("-oep").orElseThrow());
        assertEquals(ErrorMode.STDERR, ErrorMode.forOption("-eq").orElseThrow());
        assertTrue(ErrorMode.forOption("-oex").isEmpty());
        assertTrue(ErrorMode.forOption("-oe").isEmpty());
        assertTrue(ErrorMode.MAIL.mails());
        assertFalse(ErrorMode.STDERR.mails());
    }
}
