package org.osprey.mta.core.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.acl.AclEngine;
import org.osprey.mta.core.acl.AclResult;
import org.osprey.mta.core.acl.AclVerdict;
import org.osprey.mta.core.acl.AclWhere;
import org.osprey.mta.core.acl.AddressVerifier;
import org.osprey.mta.core.log.LogFile;

/** Sessions over piped streams; expected replies, spool files and log lines recorded from Exim 4.96. */
class SmtpSessionTest {
    @TempDir
    Path dir;

    /** accept domains = test.example; deny message = relay not permitted. */
    static final AclEngine RELAY = (where, subject) -> {
        if (where != AclWhere.RCPT) {
            return null;
        }
        return subject.recipient().endsWith("@test.example") ? AclResult.of(AclVerdict.ACCEPT)
                : new AclResult(AclVerdict.DENY, "relay not permitted", null, List.of(), List.of());
    };

    @Test
    void acceptsAMessageAsEximDoes() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        String replies = f.remote(RELAY, "EHLO client.example\r\nMAIL FROM:<a@b.example>\r\n"
                + "RCPT TO:<u@test.example>\r\nRCPT TO:<u@other.example>\r\nDATA\r\nSubject: hi\r\n\r\nbody\r\n"
                + "..dot\r\n.\r\nQUIT\r\n");
        assertEquals("""
                220 mx.test.example ESMTP Exim 4.96 DATE\r
                250-mx.test.example Hello client.example [10.0.0.1]\r
                250-SIZE 52428800\r
                250-8BITMIME\r
                250-PIPELINING\r
                250-PIPECONNECT\r
                250-CHUNKING\r
                250-SMTPUTF8\r
                250 HELP\r
                250 OK\r
                250 Accepted\r
                550 relay not permitted\r
                354 Enter message, ending with "." on a line by itself\r
                250 OK id=ID\r
                221 mx.test.example closing connection\r
                """, SessionFixture.normalise(replies).replace("Osprey", "Exim").replaceAll("Exim [0-9.]+[^ ]*", "Exim 4.96"));
        assertEquals(1, f.accepted.size());
        String id = f.accepted.get(0).toString();
        assertEquals(List.of(id + "-D", id + "-H"), f.spoolNames());
        assertEquals(id + "-D\nbody\n.dot\n", f.spoolFile(id + "-D"));
        assertEquals("""
                ID-H
                mta 999 999
                <a@b.example>
                TIME 0
                -received_time_usec .USEC
                -received_time_complete TIME.USEC
                --helo_name client.example
                --host_address [10.0.0.1]:2525
                --interface_address [10.0.0.2]:25
                -received_protocol esmtp
                -body_linecount 2
                -max_received_linelength 11
                -deliver_firsttime
                -tls_resumption A
                XX
                1
                u@test.example

                NNNP Received: from [10.0.0.1] (helo=client.example)
                	by mx.test.example with esmtp (Exim 4.96)
                	(envelope-from <a@b.example>)
                	id ID
                	for u@test.example;
                	DATE
                012  Subject: hi
                """, SessionFixture.normalise(f.spoolFile(id + "-H")).replaceAll("Osprey [^)]*\\)", "Exim 4.96)").replaceAll("\\d{3}P Received", "NNNP Received"));
        String main = f.mainlog();
        assertTrue(main.contains("H=(client.example) [10.0.0.1] F=<a@b.example> rejected RCPT <u@other.example>: "
                + "relay not permitted\n"), main);
        assertTrue(main.contains(id + " <= a@b.example H=(client.example) [10.0.0.1] P=esmtp S="), main);
        assertTrue(f.rejectlog().contains("rejected RCPT <u@other.example>: relay not permitted"), f.rejectlog());
    }

    private static final String EHLO_REPLY = """
            220 mx.test.example ESMTP Exim 4.96 DATE
            250-mx.test.example Hello x [10.0.0.1]
            250-SIZE 52428800
            250-8BITMIME
            250-PIPELINING
            250-PIPECONNECT
            250-CHUNKING
            250-SMTPUTF8
            250 HELP
            """;

    /** The replies, CR LF made LF, the banner's date and version made Exim's. */
    private static String replies(SessionFixture f, AclEngine acl, String input) {
        return SessionFixture.normalise(f.remote(acl, input)).replace("\r\n", "\n")
                .replaceAll("ESMTP \\S+ \\S+ DATE", "ESMTP Exim 4.96 DATE");
    }

    @Test
    void heloIsRequiredAndCheckedAndSyntaxErrorsEndTheSession() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        assertEquals("""
                220 mx.test.example ESMTP Exim 4.96 DATE
                503 HELO or EHLO required
                503 sender not yet given
                501 Syntactically invalid HELO argument(s)
                501 Syntactically invalid HELO argument(s)
                501 Syntactically invalid EHLO argument(s)
                """, replies(f, RELAY, "MAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nHELO\r\nHELO a_b\r\n"
                + "EHLO x y\r\nQUIT\r\n"));
        assertTrue(f.mainlog().contains("rejected MAIL from [10.0.0.1]: no HELO/EHLO given\n"), f.mainlog());
        assertTrue(f.mainlog().contains("rejected HELO from [10.0.0.1]: syntactically invalid argument(s): a_b\n"),
                f.mainlog());
        assertTrue(f.mainlog().contains("SMTP call from [10.0.0.1] dropped: too many syntax or protocol errors (last "
                + "command was \"EHLO x y\",  C=MAIL,RCPT,HELO,HELO,EHLO)"), f.mainlog());
    }

    @Test
    void protocolErrorsAndTheSharedRcptError() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        assertEquals(EHLO_REPLY + """
                503 sender not yet given
                503-All RCPT commands were rejected with this error:
                503-503 sender not yet given
                503 valid RCPT command must precede DATA
                500 unrecognized command
                500-unrecognized command
                500 Too many syntax or protocol errors
                """, replies(f, RELAY, "EHLO x\r\nRCPT TO:<u@test.example>\r\nDATA\r\nFOO\r\nBAR\r\n"
                + "MAIL FROM:<a@b.example>\r\nQUIT\r\n"));
    }

    @Test
    void unknownCommandsEndTheSessionAfterTheLimit() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        assertEquals(EHLO_REPLY + """
                500 unrecognized command
                500 unrecognized command
                500 unrecognized command
                500 Too many unrecognized commands
                """, replies(f, RELAY, "EHLO x\r\nFOO\r\nBAR\r\nBAZ\r\nQUUX\r\nQUIT\r\n"));
        assertTrue(f.mainlog().contains("SMTP call from (x) [10.0.0.1] dropped: too many unrecognized commands (last "
                + "was \"QUUX\")"), f.mainlog());
    }

    @Test
    void addressesAreCheckedAndQualifiedOnlyForPostmaster() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        assertEquals(EHLO_REPLY + """
                501 <a>: sender address must contain a domain
                501 <a@b.example: '>' missing at end of address
                250 Reset OK
                250 OK
                501 <u>: recipient address must contain a domain
                550 relay not permitted
                221 mx.test.example closing connection
                """, replies(f, RELAY, "EHLO x\r\nMAIL FROM:<a>\r\nMAIL FROM:<a@b.example\r\nRSET\r\n"
                + "MAIL FROM:<a@b.example>\r\nRCPT TO:<u>\r\nRCPT TO:<postmaster>\r\nQUIT\r\n"));
        assertTrue(f.mainlog().contains("rejected RCPT <postmaster>: relay not permitted"), f.mainlog());
    }

    @Test
    void unsetAclsRefuseRecipientsVrfyExpnAndEtrn() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        assertEquals(EHLO_REPLY + """
                250 OK
                550 Administrative prohibition
                252 Administrative prohibition
                550 Administrative prohibition
                458 Administrative prohibition
                214-Commands supported:
                214 AUTH HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP
                250 OK
                221 mx.test.example closing connection
                """, replies(f, AclEngine.NONE, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\n"
                + "RSET\r\nVRFY u@test.example\r\nEXPN x\r\nETRN #x\r\nHELP\r\nNOOP\r\nQUIT\r\n")
                .replace("250 Reset OK\n", ""));
        String main = f.mainlog();
        assertTrue(main.contains("H=(x) [10.0.0.1] F=<a@b.example> rejected RCPT <u@test.example>\n"), main);
        assertTrue(main.contains("H=(x) [10.0.0.1] rejected EXPN x\n"), main);
        assertTrue(main.contains("ETRN #x received from (x) [10.0.0.1]\n"), main);
        assertTrue(main.contains("H=(x) [10.0.0.1] rejected ETRN #x\n"), main);
        assertEquals(List.of(), f.queueRuns);
    }

    @Test
    void sizeIsCheckedAtMailAndDuringData() throws Exception {
        SessionFixture f = new SessionFixture(dir, "message_size_limit = 100\n");
        String big = "x".repeat(200);
        String r = replies(f, RELAY, "EHLO x\r\nMAIL FROM:<a@b.example> SIZE=101\r\nMAIL FROM:<a@b.example> SIZE=99\r\n"
                + "RCPT TO:<u@test.example>\r\nDATA\r\nSubject: s\r\n\r\n" + big + "\r\n.\r\nQUIT\r\n");
        assertTrue(r.contains("250-SIZE 100\n"), r);
        assertTrue(r.endsWith("""
                552 Message size exceeds maximum permitted
                250 OK
                250 Accepted
                354 Enter message, ending with "." on a line by itself
                552 Message size exceeds maximum permitted
                221 mx.test.example closing connection
                """), r);
        assertEquals(List.of(), f.spoolNames());
        String main = f.mainlog();
        assertTrue(main.contains("rejected MAIL FROM:<a@b.example> H=(x) [10.0.0.1]: message too big: size=101 max=100\n"),
                main);
        assertTrue(main.matches("(?s).* \\S+-\\S+-\\S+ rejected from <a@b.example> H=\\(x\\) \\[10.0.0.1\\]: message too "
                + "big: read=213 max=100\n.*"), main);
    }

    @Test
    void lostConnectionInDataLeavesNothing() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        String r = replies(f, RELAY, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n"
                + "Subject: s\r\n\r\nbody\r\n");
        assertTrue(r.endsWith("354 Enter message, ending with \".\" on a line by itself\n421 Lost incoming connection\n"), r);
        assertEquals(List.of(), f.spoolNames());
        assertTrue(f.mainlog().contains("SMTP connection from (x) [10.0.0.1] lost while reading message data\n"),
                f.mainlog());
    }

    @Test
    void dataAclRefusalIsLoggedWithTheHeaders() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        AclEngine acl = (where, subject) -> switch (where) {
            case RCPT -> AclResult.of(AclVerdict.ACCEPT);
            case DATA -> new AclResult(AclVerdict.DENY, "550 5.7.1 spam is not welcome", "spam", List.of(), List.of());
            default -> null;
        };
        String r = replies(f, acl, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n"
                + "Subject: s\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        assertTrue(r.endsWith("550 5.7.1 spam is not welcome\n221 mx.test.example closing connection\n"), r);
        assertEquals(List.of(), f.spoolNames());
        assertTrue(f.mainlog().contains("H=(x) [10.0.0.1] F=<a@b.example> rejected after DATA: spam\n"), f.mainlog());
        assertTrue(f.rejectlog().contains("Envelope-from: <a@b.example>"), f.rejectlog());
    }

    @Test
    void dropSendsTheRefusalAndCloses() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        AclEngine acl = (where, subject) -> where == AclWhere.MAIL
                ? new AclResult(AclVerdict.DROP, "go away", null, List.of(), List.of()) : null;
        String r = replies(f, acl, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nNOOP\r\n");
        assertTrue(r.endsWith("250 HELP\n550 go away\n"), r);
        assertTrue(f.mainlog().contains("H=(x) [10.0.0.1] rejected MAIL <a@b.example>: go away\n"), f.mainlog());
    }

    @Test
    void deferGivesTheTemporaryText() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        AclEngine acl = (where, subject) -> where == AclWhere.RCPT ? AclResult.of(AclVerdict.DEFER) : null;
        String r = replies(f, acl, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nQUIT\r\n");
        assertTrue(r.contains("451 Temporary local problem - please try later\n"), r);
        assertTrue(f.mainlog().contains("F=<a@b.example> temporarily rejected RCPT <u@test.example>\n"), f.mainlog());
    }

    @Test
    void chunkingAcceptsAMessageInTwoChunks() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        String r = replies(f, RELAY, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\n"
                + "BDAT 12\r\nSubject: x\r\nBDAT 7 LAST\r\n\r\nabc\r\nQUIT\r\n");
        assertTrue(r.endsWith("250 OK\n250 Accepted\n250 12 byte chunk received\n250 OK id=ID\n"
                + "221 mx.test.example closing connection\n"), r);
        String id = f.accepted.get(0).toString();
        assertEquals(id + "-D\nabc\n", f.spoolFile(id + "-D"));
        assertTrue(f.mainlog().contains(" P=esmtp K S="), f.mainlog());
    }

    @Test
    void chunkedHeadersMustEndInCrLf() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        String r = replies(f, RELAY, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\n"
                + "BDAT 11\r\nSubject: x\nBDAT 5 LAST\r\n\r\nabcQUIT\r\n");
        assertTrue(r.endsWith("250 OK\n250 Accepted\n250 11 byte chunk received\n552 Message header not CRLF "
                + "terminated\n221 mx.test.example closing connection\n"), r);
        assertEquals(List.of(), f.spoolNames());
    }

    @Test
    void nonMailCommandsAreLimitedWithTheFreeOnesNotCounted() throws Exception {
        SessionFixture f = new SessionFixture(dir, "smtp_accept_max_nonmail = 2\n");
        // EHLO and RSET are free before a message; the two NOOPs count; the third NOOP is one too many.
        String r = replies(f, RELAY, "EHLO x\r\nRSET\r\nNOOP\r\nNOOP\r\nNOOP\r\nQUIT\r\n");
        assertTrue(r.endsWith("250 HELP\n250 Reset OK\n250 OK\n250 OK\n554 Too many nonmail commands\n"), r);
        assertTrue(f.mainlog().contains("SMTP call from (x) [10.0.0.1] dropped: too many nonmail commands (last was "
                + "\"NOOP\")\n"), f.mainlog());
    }

    /** PLAIN with one user: "user" / "secret". */
    static final org.osprey.mta.core.auth.ServerAuthentication PLAIN = new org.osprey.mta.core.auth.ServerAuthentication() {
        @Override
        public List<String> mechanisms(org.osprey.mta.core.expand.ExpansionContext context) {
            return List.of("plain");
        }

        @Override
        public org.osprey.mta.core.auth.AuthOutcome authenticate(String mechanism, String initialResponse,
                org.osprey.mta.core.auth.AuthDialog dialog, org.osprey.mta.core.expand.ExpansionContext context)
                throws java.io.IOException {
            String response = initialResponse != null ? initialResponse : dialog.challenge("");
            String decoded = new String(java.util.Base64.getDecoder().decode(response),
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            if (decoded.equals("\0user\0secret")) {
                return new org.osprey.mta.core.auth.AuthOutcome("235 Authentication succeeded", true, "user",
                        "plain_server", java.util.Map.of("auth1", ""), null);
            }
            return new org.osprey.mta.core.auth.AuthOutcome("535 Incorrect authentication data", false, null,
                    "plain_server", java.util.Map.of(), "535 Incorrect authentication data (set_id=user)");
        }
    };

    @Test
    void authenticationIsAdvertisedCheckedAndLogged() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        String good = java.util.Base64.getEncoder().encodeToString("\0user\0secret".getBytes());
        String bad = java.util.Base64.getEncoder().encodeToString("\0user\0wrong".getBytes());
        String r = SessionFixture.normalise(f.run(SmtpSession.overStreams(f.service(RELAY).auth(PLAIN).build(),
                SessionFixture.in("MAIL FROM:<a@b.example>\r\nEHLO x\r\nAUTH CRAM-MD5\r\nAUTH PLAIN " + bad
                        + "\r\nAUTH PLAIN\r\n" + good + "\r\nAUTH PLAIN " + good + "\r\n"
                        + "MAIL FROM:<a@b.example> AUTH=a+40b.example\r\nRCPT TO:<u@test.example>\r\nDATA\r\n"
                        + "Subject: s\r\n\r\nbody\r\n.\r\nQUIT\r\n"), f.sink(), SessionFixture.CLIENT)))
                .replace("\r\n", "\n");
        assertTrue(r.contains("250-AUTH PLAIN\n"), r);
        assertTrue(r.contains("""
                250 HELP
                504 CRAM-MD5 authentication mechanism not supported
                535 Incorrect authentication data
                334\s
                235 Authentication succeeded
                503 already authenticated
                250 OK
                250 Accepted
                """), r);
        String main = f.mainlog();
        assertTrue(main.contains("plain_server authenticator failed for (x) [10.0.0.1]: 535 Incorrect authentication "
                + "data (set_id=user)\n"), main);
        assertTrue(main.matches("(?s).* <= a@b.example H=\\(x\\) \\[10.0.0.1\\] P=esmtpa A=plain_server:user S=.*"),
                main);
        String id = f.accepted.get(0).toString();
        String h = f.spoolFile(id + "-H");
        assertTrue(h.contains("\n-host_auth plain_server\n"), h);
        assertTrue(h.contains("\n-auth_id user\n-auth_sender a@b.example\n"), h);
        assertTrue(h.contains("with esmtpa (Exim"), h.replace("Osprey", "Exim"));
    }

    @Test
    void localCallerMessagesGetEximsLocalFixups() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        SmtpSession s = SmtpSession.commandLine(f.service(RELAY).build(), SessionFixture.in("EHLO client.example\r\n"
                + "MAIL FROM:<a@b.example> BODY=8BITMIME\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: hi\r\n"
                + "\r\nbody\r\n.\r\nQUIT\r\n"), f.sink(), System.err, ClientConnection.standardInput(),
                new LocalCaller("root", 0, 0, true), SessionKind.LOCAL);
        String r = f.run(s).replace("\r\n", "\n");
        assertTrue(r.contains("\n250-mx.test.example Hello root at client.example\n250-SIZE 52428800\n"), r);
        String id = f.accepted.get(0).toString();
        // Recorded from exim -bs run by root (only the version in Received: differs).
        assertEquals("""
                ID-H
                root 0 0
                <a@b.example>
                TIME 0
                -received_time_usec .USEC
                -received_time_complete TIME.USEC
                --helo_name client.example
                -ident root
                -received_protocol local-esmtp
                -body_linecount 1
                -max_received_linelength 11
                -allow_unqualified_recipient
                -allow_unqualified_sender
                -deliver_firsttime
                -tls_resumption A
                XX
                1
                u@test.example

                197P Received: from root (helo=client.example)
                \tby mx.test.example with local-esmtp (Exim 4.96)
                \t(envelope-from <a@b.example>)
                \tid ID
                \tfor u@test.example;
                \tDATE
                012  Subject: hi
                048I Message-Id: <EID@mx.test.example>
                018F From: a@b.example
                038  Date: DATE
                """, SessionFixture.normalise(f.spoolFile(id + "-H")).replaceAll("\\(Osprey [^)]*\\)", "(Exim 4.96)")
                .replaceFirst("\\d{3}P Received", "197P Received"));
        assertTrue(f.mainlog().contains(id + " <= a@b.example U=root P=local-esmtp S="), f.mainlog());
    }

    @Test
    void aclHeadersAreAddedAndRemoved() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        AclEngine acl = (where, subject) -> switch (where) {
            case RCPT -> new AclResult(AclVerdict.ACCEPT, null, null, List.of("X-Rcpt: " + subject.recipient() + "\n"),
                    List.of());
            case DATA -> new AclResult(AclVerdict.ACCEPT, null, null, List.of("X-Data: yes\n"), List.of("x-remove"));
            default -> null;
        };
        f.remote(acl, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\n"
                + "Subject: s\r\nX-Remove: me\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        String h = f.spoolFile(f.accepted.get(0) + "-H");
        assertTrue(h.endsWith("011  Subject: s\n013* X-Remove: me\n023  X-Rcpt: u@test.example\n012  X-Data: yes\n"),
                h);
    }

    @Test
    void etrnStartsAQueueRunWhenTheAclAccepts() throws Exception {
        SessionFixture f = new SessionFixture(dir, "acl_smtp_etrn = accept\n");
        AclEngine acl = (where, subject) -> where == AclWhere.ETRN ? AclResult.of(AclVerdict.ACCEPT) : null;
        String r = replies(f, acl, "EHLO x\r\nETRN #brigadoon\r\nETRN brigadoon\r\nQUIT\r\n");
        assertTrue(r.contains("250-ETRN\n"), r);
        assertTrue(r.endsWith("250 OK\n501 argument must begin with #\n221 mx.test.example closing connection\n"), r);
        assertEquals(List.of("brigadoon"), f.queueRuns);
    }

    @Test
    void multiLineBannerSpoolSpaceAndMessagesPerConnection() throws Exception {
        SessionFixture f = new SessionFixture(dir, "smtp_accept_max_per_connection = 1\n"
                + "smtp_banner = ${primary_hostname} first\\nsecond line\ncheck_spool_space = 100000G\n");
        String r = replies(f, RELAY, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRSET\r\nMAIL FROM:<a@b.example>\r\n"
                + "QUIT\r\n");
        assertTrue(r.startsWith("220-mx.test.example first\n220 second line\n"), r);
        assertTrue(r.endsWith("250 HELP\n452 Space shortage, please try later\n250 Reset OK\n"
                + "421 too many messages in this connection\n221 mx.test.example closing connection\n"), r);
        String main = f.mainlog();
        assertTrue(main.contains("spool directory space check failed: space="), main);
        assertTrue(main.contains("rejected MAIL command H=(x) [10.0.0.1]: too many messages in one connection\n"), main);
    }

    @Test
    void dsnParametersAreKeptInTheHeaderFileAsEximKeepsThem() throws Exception {
        SessionFixture f = new SessionFixture(dir, "dsn_advertise_hosts = *\n");
        String r = replies(f, RELAY, "EHLO client.example\r\nMAIL FROM:<a@b.example> BODY=8BITMIME RET=HDRS ENVID=xyz\r\n"
                + "RCPT TO:<u@test.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y\r\nRCPT TO:<v@test.example>\r\n"
                + "DATA\r\nSubject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        assertTrue(r.contains("250-8BITMIME\n250-DSN\n250-PIPELINING\n"), r);
        String h = f.spoolFile(f.accepted.get(0) + "-H");
        // Recorded from Exim 4.96 (exim -bs -oMa 10.0.0.1.2525 with the same commands).
        assertTrue(h.contains("\n-tls_resumption A\n-dsn_envid xyz\n-dsn_ret 2\nXX\n2\n"
                + "u@test.example rfc822;x@y 10,12  0,-1#3\nv@test.example\n\n"), h);
    }

    @Test
    void dsnParametersAreRefusedWhenNotAdvertised() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        String r = replies(f, RELAY, "EHLO client.example\r\nMAIL FROM:<a@b.example>\r\n"
                + "RCPT TO:<u@test.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y\r\nQUIT\r\n");
        assertTrue(r.contains("\n501 <u@test.example> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x@y: malformed address: "
                + "NOTIFY=SUCCESS,FAILURE ORCPT=rfc may not follow <u@test.example> \n"), r);
    }

    @Test
    void etrnRunsAreSerialisedUntilTheRunEnds() throws Exception {
        SessionFixture f = new SessionFixture(dir, "acl_smtp_etrn = accept\n");
        AclEngine acl = (where, subject) -> where == AclWhere.ETRN ? AclResult.of(AclVerdict.ACCEPT) : null;
        org.osprey.mta.core.hints.MemoryHintsStore hints = new org.osprey.mta.core.hints.MemoryHintsStore(
                () -> SessionFixture.NOW.getEpochSecond());
        List<Runnable> running = new java.util.ArrayList<>();
        SmtpService service = f.service(acl).hints(() -> hints)
                .queueRuns((selector, finished) -> running.add(finished)).build();
        String r = SessionFixture.normalise(f.run(SmtpSession.overStreams(service, SessionFixture.in(
                "EHLO x\r\nETRN #brigadoon\r\nETRN #brigadoon\r\nETRN #other\r\nQUIT\r\n"), f.sink(),
                SessionFixture.CLIENT))).replace("\r\n", "\n");
        assertTrue(r.endsWith("250 HELP\n250 OK\n458 Already processing brigadoon\n250 OK\n"
                + "221 mx.test.example closing connection\n"), r);
        assertTrue(hints.get("misc", "etrn-#brigadoon\n").isPresent());
        running.get(0).run();
        assertTrue(hints.get("misc", "etrn-#brigadoon\n").isEmpty());
    }

    @Test
    void messagesBeyondThePerConnectionLimitAreOnlyQueued() throws Exception {
        SessionFixture f = new SessionFixture(dir, "smtp_accept_queue_per_connection = 1\n");
        String message = "MAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: s\r\n\r\nb\r\n.\r\n";
        f.remote(RELAY, "EHLO x\r\n" + message + message + "QUIT\r\n");
        assertEquals(List.of(false, true), f.queueOnly);
        assertTrue(f.mainlog().contains(f.accepted.get(1) + " no immediate delivery: more than 1 messages received in "
                + "one connection\n"), f.mainlog());
    }

    @Test
    void freezeControlAndTheMessageLog() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        AclEngine acl = (where, subject) -> {
            if (where == AclWhere.RCPT) {
                return AclResult.of(AclVerdict.ACCEPT);
            }
            if (where == AclWhere.DATA) {
                subject.controls().freeze = true;
                return AclResult.of(AclVerdict.ACCEPT);
            }
            return null;
        };
        f.remote(acl, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\nDATA\r\nSubject: s\r\n"
                + "\r\nb\r\n.\r\nQUIT\r\n");
        String id = f.accepted.get(0).toString();
        assertTrue(f.spoolFile(id + "-H").contains("\n-deliver_firsttime\n-frozen 1795314660\n"), f.spoolFile(id + "-H"));
        assertTrue(f.mainlog().contains(id + " frozen by ACL\n"), f.mainlog());
        String msglog = f.read("spool/msglog/" + id);
        assertTrue(msglog.matches("\\S+ \\S+ Received from a@b.example H=\\(x\\) \\[10.0.0.1\\] P=esmtp S=\\d+\n"
                + "\\S+ \\S+ frozen by ACL\n"), msglog);
    }

    /** S rules at MAIL and RCPT, then the envelope (F, T) and headers (h) once the message is in. */
    @Test
    void addressesAreRewrittenAtSmtpTimeAndOnReceipt() throws Exception {
        SessionFixture f = new SessionFixture(dir, "log_selector = +address_rewrite\nbegin rewrite\n"
                + "\\N^<old@s\\.example>$\\N  <new@s.example>  S\n"
                + "\\N^<rcpt@s\\.example>$\\N  <u@test.example>  S\n"
                + "*@b.example  $1@rewritten.example  Fh\n"
                + "*@test.example  $1@t.example  T\n");
        String replies = f.remote((where, subject) -> where == AclWhere.RCPT ? AclResult.of(AclVerdict.ACCEPT) : null,
                "EHLO x\r\nMAIL FROM:<old@s.example>\r\nRCPT TO:<rcpt@s.example>\r\nDATA\r\n"
                + "From: Someone <a@b.example>\r\nTo: x@test.example\r\nSubject: hi\r\n\r\nbody\r\n.\r\nQUIT\r\n");
        assertTrue(replies.contains("250 Accepted\r\n"), replies);
        String id = f.accepted.get(0).toString();
        String main = f.mainlog();
        assertTrue(main.contains("\"<old@s.example>\" from smtp recipient rewritten as \"<new@s.example>\" by rule 1\n"),
                main);
        assertTrue(main.contains("\"<rcpt@s.example>\" from smtp recipient rewritten as \"<u@test.example>\" by rule 2\n"),
                main);
        assertTrue(main.contains(id + " \"u@test.example\" from env-to rewritten as \"u@t.example\" by rule 4\n"), main);
        assertTrue(main.contains(id + " \"a@b.example\" from from: rewritten as \"a@rewritten.example\" by rule 3\n"),
                main);
        assertTrue(main.contains(id + " <= new@s.example H=(x) [10.0.0.1] P=esmtp S="), main);
        String header = SessionFixture.normalise(f.spoolFile(id + "-H"));
        assertTrue(header.startsWith("ID-H\nmta 999 999\n<new@s.example>\n"), header);
        assertTrue(header.contains("""
                XX
                1
                u@t.example

                """), header);
        assertTrue(header.contains("""
                	(envelope-from <new@s.example>)
                	id ID
                	for u@t.example;
                	DATE
                028* From: Someone <a@b.example>
                036F From: Someone <a@rewritten.example>
                019T To: x@test.example
                012  Subject: hi
                045* X-rewrote-original-recipient: u@test.example
                """), header);
    }

    /** require verify = sender with no routers: the details before the first refusal, logged once. */
    @Test
    void senderVerifyFailureIsToldOncePerMessage() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        AclEngine acl = (where, subject) -> {
            if (where != AclWhere.RCPT) {
                return null;
            }
            return new AclResult(AclVerdict.DENY, "Sender verify failed", "Sender verify failed", List.of(), List.of(),
                    List.of(), new AclResult.SenderVerifyFailure("a@b.example", "Unrouteable address", false, false,
                            "Unrouteable address", AddressVerifier.CalloutFlag.NONE),
                    false, Set.of(LogFile.MAIN, LogFile.REJECT));
        };
        String replies = f.remote(acl, "EHLO x\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<u@test.example>\r\n"
                + "RCPT TO:<v@test.example>\r\nQUIT\r\n");
        assertTrue(replies.contains("""
                250 OK\r
                550-Verification failed for <a@b.example>\r
                550-Unrouteable address\r
                550 Sender verify failed\r
                550 Sender verify failed\r
                221 """), replies);
        String main = f.mainlog();
        assertEquals(1, main.split("sender verify fail for", -1).length - 1, main);
        assertTrue(main.contains("H=(x) [10.0.0.1] sender verify fail for <a@b.example>: Unrouteable address\n"
                + "2"), main);
        assertTrue(main.contains("H=(x) [10.0.0.1] F=<a@b.example> rejected RCPT <u@test.example>: Sender verify "
                + "failed\n"), main);
        assertTrue(f.rejectlog().contains("sender verify fail for <a@b.example>: Unrouteable address\n"),
                f.rejectlog());
    }
}
