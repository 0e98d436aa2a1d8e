package org.osprey.mta.core.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -bs, -bS and -bh through the command line; expected texts recorded from Exim 4.96 (-bS: the seed's 554). */
class CommandLineSmtpTest {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    @TempDir
    Path home;
    Path configure;

    @BeforeEach
    void writeConfiguration() throws IOException {
        Files.createDirectories(home.resolve("etc"));
        configure = home.resolve("etc/configure");
        Files.writeString(configure, "primary_hostname = mx.test.example\nspool_directory = " + home.resolve("spool")
                + "\nlog_file_path = " + home.resolve("log") + "/%slog\nbegin routers\nr1:\n  driver = testroute\n");
    }

    int run(String input, String... args) {
        return new Main(new ByteArrayInputStream(input.getBytes(StandardCharsets.ISO_8859_1)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), home).run(args);
    }

    String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8)
                .replaceFirst("osprey: org\\.osprey\\.mta\\.core\\.cli\\.UnnamedRouterDriver [^\n]*\n", "");
    }

    long spooled() throws IOException {
        Path input = home.resolve("spool/input");
        if (!Files.isDirectory(input)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(input)) {
            return s.filter(p -> p.toString().endsWith("-H")).count();
        }
    }

    @Test
    void batchedSmtpReportsTheFirstErrorAsEximDoes() throws IOException {
        int rc = run("HELO x\nMAIL FROM:<a@b.example>\nRCPT TO:<u@test.example>\nDATA\nSubject: s\n\nbody\n.\n"
                + "MAIL FROM:<a@b.example>\nrcpt to:<malformed@in.com.plete\nQUIT\n", "-bS", "-odq");
        assertEquals(1, rc, err());
        assertEquals("501 '>' missing at end of address\nTransaction started in line 8\nError detected in line 10\n"
                + "rcpt to:<malformed@in.com.plete\n", out());
        assertEquals("""
                An error was detected while processing a file of BSMTP input.
                The error message was:

                  501 '>' missing at end of address

                The SMTP transaction started in line 8.
                The error was detected in line 10.
                The SMTP command at fault was:

                   rcpt to:<malformed@in.com.plete

                1 previous message was successfully processed.
                The rest of the batch was abandoned.
                """, err());
        assertEquals(1, spooled());
        assertTrue(Files.readString(home.resolve("log/mainlog")).contains(" P=local-bsmtp S="));
    }

    @Test
    void batchedSmtpEndingInDataIsAnUnexpectedEndOfFile() throws IOException {
        int rc = run("MAIL FROM:<a@b.example>\nRCPT TO:<u@test.example>\nDATA\nSubject: s\n\nbody\n", "-bS", "-odq");
        assertEquals(2, rc);
        assertEquals("554 Unexpected end of file\nTransaction started in line 0\nError detected in line 7\n", out());
        assertTrue(err().contains("0 previous messages were successfully processed.\n"), err());
        assertEquals(0, spooled());
    }

    @Test
    void batchedSmtpWithoutErrorsExitsZero() throws IOException {
        int rc = run("MAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: s\r\n\r\n..x\r\n.\r\n"
                + "QUIT\r\n", "-bS", "-odq");
        assertEquals(0, rc, err());
        assertEquals("", out());
        assertEquals(1, spooled());
    }

    @Test
    void localSmtpSessionIsLocalEsmtp() throws IOException {
        int rc = run("EHLO client.example\r\nMAIL FROM:<a@b.example>\r\nQUIT\r\n", "-bs", "-odq");
        assertEquals(0, rc, err());
        String user = System.getProperty("user.name");
        assertTrue(out().startsWith("220 mx.test.example ESMTP "), out());
        // As exim -bs answers, less STARTTLS (no TLS server here).
        assertTrue(out().contains("\r\n250-mx.test.example Hello " + user + " at client.example\r\n250-SIZE 52428800\r\n"
                + "250-8BITMIME\r\n250-PIPELINING\r\n250-CHUNKING\r\n250-SMTPUTF8\r\n250 HELP\r\n"), out());
        assertTrue(out().endsWith("250 OK\r\n221 mx.test.example closing connection\r\n"), out());
    }

    @Test
    void hostCheckingShowsTheSessionAndSpoolsNothing() throws IOException {
        int rc = run("EHLO client.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nQUIT\r\n",
                "-bh", "10.0.0.1");
        assertEquals(0, rc, err());
        assertTrue(out().startsWith("\r\n**** SMTP testing session as if from host 10.0.0.1\r\n"
                + "**** but without any ident (RFC 1413) callback.\r\n**** This is not for real!\r\n\r\n220 "), out());
        assertTrue(out().contains("250-mx.test.example Hello client.example [10.0.0.1]\r\n"), out());
        assertTrue(out().contains("550 Administrative prohibition\r\n"), out());
        assertTrue(err().contains(">>> host in helo_verify_hosts? no (option unset)\n"), err());
        assertTrue(err().contains("LOG: H=(client.example) [10.0.0.1] F=<a@b.example> rejected RCPT <u@test.example>\n"),
                err());
        assertEquals(0, spooled());
    }

    @Test
    void hostCheckingRunsTheConfiguredAcls() throws IOException {
        Files.writeString(configure, "primary_hostname = mx.test.example\nspool_directory = " + home.resolve("spool")
                + "\nlog_file_path = " + home.resolve("log") + "/%slog\nacl_smtp_rcpt = acl_rcpt\n"
                + "begin acl\nacl_rcpt:\n  accept domains = test.example\n  deny message = relay not permitted\n"
                + "begin routers\nr1:\n  driver = testroute\n");
        int rc = run("EHLO client.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\n"
                + "RCPT TO:<u@other.example>\r\nQUIT\r\n", "-bh", "10.0.0.1");
        assertEquals(0, rc, err());
        // As exim -bh 10.0.0.1 answers with the same ACL.
        assertTrue(out().contains("\r\n250 OK\r\n250 Accepted\r\n550 relay not permitted\r\n"
                + "221 mx.test.example closing connection\r\n"), out());
        assertTrue(err().contains("LOG: H=(client.example) [10.0.0.1] F=<a@b.example> rejected RCPT <u@other.example>: "
                + "relay not permitted\n"), err());
    }
}
