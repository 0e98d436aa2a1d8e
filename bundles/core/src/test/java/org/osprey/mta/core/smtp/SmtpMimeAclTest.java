package org.osprey.mta.core.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.acl.AclServices;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.lists.JdkHostResolver;
import org.osprey.mta.core.registry.DriverRegistry;

/**
 * acl_smtp_mime in SMTP sessions. The reference Exim is built without content scanning
 * (no WITH_CONTENT_SCAN: it refuses acl_smtp_mime as an unknown option), so these expected
 * values are not recorded from it: they follow Exim 4.96's source (receive.c's run_mime_acl,
 * mime.c's mime_acl_check and mime_decode, base64.c's mime_decode_base64, regex.c's
 * mime_regex, smtp_in.c's smtp_handle_acl_fail) and the specification's chapter "Content
 * scanning at ACL time", step by step.
 */
class SmtpMimeAclTest {
    @TempDir
    Path dir;

    static final String PARTS = "  warn logwrite = PART $mime_part_count type=$mime_content_type"
            + " multi=$mime_is_multipart cover=$mime_is_coverletter rfc822=$mime_is_rfc822 boundary=$mime_boundary"
            + " charset=$mime_charset cte=$mime_content_transfer_encoding file=$mime_filename"
            + " disp=$mime_content_disposition id=$mime_content_id desc=$mime_content_description\n";

    /** Nested multipart: alternative (quoted-printable, html) in mixed, a base64 attachment, a message/rfc822. */
    static final String MESSAGE = """
            From: a@b.example\r
            Subject: test\r
            MIME-Version: 1.0\r
            Content-Type: multipart/mixed; boundary="outer"\r
            \r
            preamble\r
            --outer\r
            Content-Type: Multipart/Alternative;\r
            \tboundary=inner\r
            \r
            --inner\r
            Content-Type: text/plain; charset=us-ascii\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            caf=C3=A9 soft=\r
            break\r
            --inner\r
            Content-Type: text/html; charset="utf-8" (comment)\r
            \r
            <p>hi</p>\r
            --inner--\r
            --outer\r
            Content-Type: application/octet-stream; name="data.bin"\r
            Content-Disposition: attachment; filename="report.pdf"\r
            Content-Transfer-Encoding: BASE64\r
            Content-ID: <ID1@x>\r
            Content-Description: The Report\r
            \r
            SGVsbG8sIHdvcmxkIQ==\r
            --outer\r
            Content-Type: message/rfc822\r
            \r
            Subject: inner\r
            Content-Type: text/plain; name*=iso-8859-1''caf%E9.txt\r
            Content-Disposition: inline; filename*=utf-8''r%C3%A9sum%C3%A9.txt\r
            \r
            inner body\r
            --outer--\r
            .\r
            """;

    private SessionFixture fixture(String acl) throws Exception {
        return new SessionFixture(dir, "acl_smtp_rcpt = accept\nacl_smtp_mime = mime\nbegin acl\nmime:\n" + acl);
    }

    private String session(SessionFixture f, String message) throws Exception {
        AclServices services = new AclServices(f.environment, null, new DriverRegistry(), f.log::log, () -> null,
                new JdkHostResolver(), Clock.systemUTC(), d -> { });
        return f.remote(ConfiguredAcls.of(f.config, services), "EHLO client.example\r\nMAIL FROM:<a@b.example>\r\n"
                + "RCPT TO:<u@test.example>\r\nDATA\r\n" + message + "QUIT\r\n");
    }

    private static List<String> lines(String log, String prefix) {
        return new String(log.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8).lines()
                .map(l -> l.replaceFirst("^\\S+ \\S+ (\\S{6}-\\S{6}-\\S{2} )?", ""))
                .filter(l -> l.startsWith(prefix)).toList();
    }

    private Path scan() {
        return dir.resolve("spool/scan");
    }

    private List<String> scanFiles() throws Exception {
        if (!Files.isDirectory(scan())) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(scan())) {
            return s.filter(Files::isRegularFile).map(p -> scan().relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void theAclRunsForEachPartDepthFirstThenForTheRfc822Part() throws Exception {
        SessionFixture f = fixture(PARTS + "  accept\n");
        String replies = session(f, MESSAGE);
        assertTrue(replies.contains("\r\n250 OK id="), replies);
        assertEquals(1, f.accepted.size());
        assertEquals(List.of(
                "PART 0 type=multipart/mixed multi=1 cover=1 rfc822=0 boundary=outer charset= cte= file= disp= id= desc=",
                // The parameter is on a folded line; the value is lower-cased, the boundary not.
                "PART 1 type=multipart/alternative multi=1 cover=1 rfc822=0 boundary=inner charset= cte= file= disp= id="
                        + " desc=",
                "PART 2 type=text/plain multi=0 cover=1 rfc822=0 boundary= charset=us-ascii cte=quoted-printable file="
                        + " disp= id= desc=",
                // Outside values white space and (comments) are dropped; inside a value, what follows the
                // quotes is kept, the comment too (mime_get_header and mime_param_val).
                "PART 3 type=text/html multi=0 cover=1 rfc822=0 boundary= charset=utf-8 (comment) cte= file= disp= id="
                        + " desc=",
                // After the first part of a multipart/mixed, the rest are attachments. filename= comes after name=.
                "PART 4 type=application/octet-stream multi=0 cover=0 rfc822=0 boundary= charset= cte=base64"
                        + " file=report.pdf disp=attachment id=<id1@x> desc=thereport",
                "PART 5 type=message/rfc822 multi=0 cover=0 rfc822=0 boundary= charset= cte= file= disp= id= desc=",
                // The message/rfc822 part, walked on its own once the message has passed; its RFC 2231 file name
                // is decoded (name*= is not: only filename*= of Content-Disposition is); logwrite shows its
                // UTF-8 bytes escaped, as string_printing does.
                "PART 0 type=text/plain multi=0 cover=1 rfc822=1 boundary= charset= cte= file=r\\303\\251sum\\303\\251.txt"
                        + " disp=inline id= desc="),
                lines(f.mainlog(), "PART "));
        // unspool_mbox: the scan directory is gone.
        assertEquals(List.of(), scanFiles());
        assertFalse(Files.exists(scan().resolve(f.accepted.get(0).toString())));
    }

    @Test
    void decodeWritesThePartsUnderTheScanDirectory() throws Exception {
        SessionFixture f = fixture("  warn control = no_mbox_unspool\n"
                + "  warn condition = ${if match{$mime_content_type}{^(text|application)/}}\n"
                + "       decode = default\n"
                + "       logwrite = DECODED $mime_part_count $mime_decoded_filename $mime_content_size"
                + " $mime_anomaly_level\n"
                + "  accept\n");
        session(f, MESSAGE);
        String id = f.accepted.get(0).toString();
        Path scanDir = scan().resolve(id);
        assertEquals(List.of(
                "DECODED 2 " + scanDir.resolve(id + "-00000") + " 1 0",
                "DECODED 3 " + scanDir.resolve(id + "-00001") + " 1 0",
                "DECODED 4 " + scanDir.resolve(id + "-00002") + " 1 0",
                "DECODED 0 " + scanDir.resolve(id + "-00003") + " 1 0"), lines(f.mainlog(), "DECODED "));
        // Quoted-printable: "=XX" decoded, a soft line break joins the lines; line ends as in the spool (LF).
        assertEquals("caf\u00c3\u00a9 softbreak\n", read(scanDir.resolve(id + "-00000")));
        assertEquals("<p>hi</p>\n", read(scanDir.resolve(id + "-00001")));
        assertEquals("Hello, world!", read(scanDir.resolve(id + "-00002")));
        assertEquals("inner body\n", read(scanDir.resolve(id + "-00003")));
        // control = no_mbox_unspool keeps the copy Exim scans: "From " line, envelope, headers, body.
        String eml = read(scanDir.resolve(id + ".eml"));
        assertTrue(eml.startsWith("From MAILER-DAEMON Sun Nov 22 02:31:00 2026\nX-Envelope-From: <a@b.example>\n"
                + "X-Envelope-To: u@test.example\nReceived: from "), eml);
        assertTrue(eml.contains("\nContent-Type: multipart/mixed; boundary=\"outer\"\n\npreamble\n--outer\n"), eml);
        // The message/rfc822 copy is removed once walked.
        assertFalse(Files.exists(scanDir.resolve("__rfc822_00000")));
    }

    @Test
    void decodeToANamedFileAndBrokenBase64() throws Exception {
        SessionFixture f = fixture("  warn condition = ${if eq{$mime_content_type}{application/x-bad}}\n"
                + "       decode = " + dir.resolve("out.bin") + "\n"
                + "       logwrite = BAD $mime_decoded_filename $mime_content_size $mime_anomaly_level"
                + " $mime_anomaly_text\n"
                + "  accept\n");
        session(f, "Content-Type: application/x-bad\r\nContent-Transfer-Encoding: base64\r\n\r\nSGV*sbG8\r\n.\r\n");
        assertEquals(List.of("BAD " + dir.resolve("out.bin") + " 1 2 Broken BASE64 encoding detected"),
                lines(f.mainlog(), "BAD "));
        // The bad character is skipped; the incomplete last byte is written too, as mime_decode_base64 does.
        assertEquals("Hello\u0000", read(dir.resolve("out.bin")));
    }

    @Test
    void decodeIntoADirectoryBrokenQuotedPrintableAndDecodeFalse() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        SessionFixture f = fixture("  warn !decode = false\n       logwrite = NOT DECODED\n"
                + "  warn decode = " + out + "\n"
                + "       logwrite = QP $mime_decoded_filename $mime_anomaly_level $mime_anomaly_text\n"
                + "  accept\n");
        session(f, "Content-Type: text/plain\r\nContent-Transfer-Encoding: Quoted-Printable\r\n\r\n"
                + "a=ZZb=3D =  \r\nc\r\n.\r\n");
        String id = f.accepted.get(0).toString();
        assertEquals(List.of("NOT DECODED"), lines(f.mainlog(), "NOT "));
        // A directory: the first free <id>-NNNNN in it. "=ZZ" is kept and flagged; "=" before spaces is a soft break.
        assertEquals(List.of("QP " + out.resolve(id + "-00000") + " 1 Broken Quoted-Printable encoding detected"),
                lines(f.mainlog(), "QP "));
        assertEquals("a=ZZb= c\n", read(out.resolve(id + "-00000")));
    }

    @Test
    void mimeRegexDenyRejectsTheMessageAsTheMimeAcl() throws Exception {
        SessionFixture f = fixture("  deny mime_regex = ^Hel(lo), (w\\\\w+)\n"
                + "       message = bad content $regex1 $regex2\n"
                + "       log_message = matched $regex_match_string in part $mime_part_count\n"
                + "  accept\n");
        String replies = session(f, MESSAGE);
        assertTrue(replies.contains("354 Enter message, ending with \".\" on a line by itself\r\n"
                + "550 bad content lo world\r\n221 "), replies);
        assertEquals(List.of(), f.accepted);
        assertEquals(List.of(), f.spoolNames());
        assertEquals(List.of(), scanFiles());
        // smtp_handle_acl_fail for ACL_WHERE_MIME: "rejected during MIME ACL checks", with the sender.
        assertEquals(List.of("H=(client.example) [10.0.0.1] F=<a@b.example> rejected during MIME ACL checks: matched"
                + " ^Hel(lo), (w\\w+) in part 4"), lines(f.mainlog(), "H=(client.example) [10.0.0.1] F="));
        assertTrue(f.rejectlog().contains("rejected during MIME ACL checks: matched"), f.rejectlog());
        assertTrue(f.rejectlog().contains("Envelope-from: <a@b.example>"), f.rejectlog());
    }

    @Test
    void deferAndDenyWithoutMessage() throws Exception {
        SessionFixture f = fixture("  defer condition = ${if eq{$mime_content_type}{text/html}}\n  accept\n");
        String replies = session(f, MESSAGE);
        assertTrue(replies.contains("\r\n451 Temporary local problem - please try later\r\n221 "), replies);
        assertEquals(List.of(), f.spoolNames());
        assertEquals(List.of("H=(client.example) [10.0.0.1] F=<a@b.example> temporarily rejected during MIME ACL"
                + " checks"), lines(f.mainlog(), "H=(client.example) [10.0.0.1] F="));
        assertEquals(List.of(), scanFiles());
    }

    @Test
    void discardThrowsTheMessageAwayAndTheDataAclDoesNotRun() throws Exception {
        SessionFixture f = new SessionFixture(dir, "acl_smtp_rcpt = accept\nacl_smtp_mime = mime\n"
                + "acl_smtp_data = data\nbegin acl\nmime:\n"
                + "  discard condition = ${if eq{$mime_filename}{report.pdf}}\n  accept\n"
                + "data:\n  warn logwrite = DATA ACL\n  accept\n");
        String replies = session(f, MESSAGE);
        assertTrue(replies.contains("\r\n250 OK id="), replies);
        assertEquals(List.of(), f.spoolNames());
        assertEquals(List.of(), f.accepted);
        assertEquals(List.of("=> blackhole (MIME ACL discarded recipients)"), lines(f.mainlog(), "=> "));
        assertEquals(List.of(), lines(f.mainlog(), "DATA ACL"));
        assertEquals(List.of(), scanFiles());
    }

    @Test
    void aMessageWithoutContentTypeIsNotScanned() throws Exception {
        SessionFixture f = new SessionFixture(dir, "acl_smtp_rcpt = accept\nacl_smtp_mime = mime\n"
                + "acl_smtp_data = data\nbegin acl\nmime:\n" + PARTS + "  accept\n"
                + "data:\n  warn logwrite = DATA count=$mime_part_count\n  accept\n");
        session(f, "Subject: plain\r\nMIME-Version: 1.0\r\n\r\nbody\r\n.\r\n");
        assertEquals(1, f.accepted.size());
        assertEquals(List.of(), lines(f.mainlog(), "PART "));
        assertEquals(List.of("DATA count=-1"), lines(f.mainlog(), "DATA "));
        assertFalse(Files.exists(scan().resolve(f.accepted.get(0).toString())));
    }

    @Test
    void theDataAclSeesTheLastPartCount() throws Exception {
        SessionFixture f = new SessionFixture(dir, "acl_smtp_rcpt = accept\nacl_smtp_mime = mime\n"
                + "acl_smtp_data = data\nbegin acl\nmime:\n  accept\n"
                + "data:\n  warn logwrite = DATA count=$mime_part_count\n  accept\n");
        session(f, MESSAGE);
        assertEquals(List.of("DATA count=5"), lines(f.mainlog(), "DATA "));
    }

    @Test
    void decodeAndMimeRegexAreRefusedOutsideTheMimeAcl() throws Exception {
        SessionFixture f = new SessionFixture(dir, "acl_smtp_rcpt = accept\nacl_smtp_data = data\nbegin acl\n"
                + "data:\n  deny decode = default\n  accept\n");
        String replies = session(f, MESSAGE);
        assertTrue(replies.contains("\r\n451 Temporary local problem - please try later\r\n"), replies);
        assertTrue(f.mainlog().contains("temporarily rejected after DATA: cannot test decode condition in DATA ACL"),
                f.mainlog());
    }

    @Test
    void hostCheckingRunsTheMimeAclOnATemporaryCopy() throws Exception {
        // exim -bh writes the -D file, runs the ACLs, and unlinks it (receive.c, host_checking).
        SessionFixture f = fixture("  deny condition = ${if eq{$mime_filename}{report.pdf}}\n"
                + "       message = no attachments\n  accept\n");
        AclServices services = new AclServices(f.environment, null, new DriverRegistry(), f.log::log, () -> null,
                new JdkHostResolver(), Clock.systemUTC(), d -> { });
        java.io.ByteArrayOutputStream trace = new java.io.ByteArrayOutputStream();
        String replies = f.run(SmtpSession.commandLine(f.service(ConfiguredAcls.of(f.config, services)).build(),
                SessionFixture.in("EHLO client.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\n"
                        + "DATA\r\n" + MESSAGE + "QUIT\r\n"), f.sink(),
                new java.io.PrintStream(trace, true, StandardCharsets.UTF_8), SessionFixture.CLIENT, null,
                SessionKind.HOST_CHECK));
        assertTrue(replies.contains("\r\n550 no attachments\r\n"), replies);
        assertTrue(trace.toString(StandardCharsets.UTF_8).contains("rejected during MIME ACL checks: no attachments"),
                trace.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(), f.spoolNames());
        assertEquals(List.of(), scanFiles());
    }

    private static String read(Path p) throws Exception {
        return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
    }

    static String joined(List<String> l) {
        return l.stream().collect(Collectors.joining("\n"));
    }
}
