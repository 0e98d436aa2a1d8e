package org.osprey.mta.core.acl;

import static org.osprey.mta.core.acl.Expect.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;

/**
 * Callouts against a scripted SMTP server on loopback; the expected texts were recorded from
 * Exim 4.96 (-bhc, a manualroute router to the same kind of scripted server, an smtp transport).
 */
class CalloutTest {
    @TempDir
    Path dir;
    final AclFixture fixture = new AclFixture();
    ScriptedSmtpServer server;

    private static final String CONFIG = """
            acl_smtp_rcpt = r1
            begin acl
            r1:
              deny local_parts = snd
                   !verify = sender/callout=3s
              deny local_parts = snddef
                   !verify = sender/callout=3s,defer_ok
              accept local_parts = snd : snddef
              deny local_parts = rnd
                   !verify = recipient/callout=3s,random
              deny local_parts = us
                   !verify = recipient/callout=3s,use_sender
              deny local_parts = nc
                   !verify = recipient/callout=3s,no_cache
              deny local_parts = pm
                   !verify = recipient/callout=3s,postmaster
              deny local_parts = dok
                   !verify = recipient/callout=3s,defer_ok
              accept local_parts = rnd : us : nc : pm : dok
              require verify = recipient/callout=3s
              accept
            begin transports
            t:
              driver = smtp
            """;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedSmtpServer();
        routeTo(server.port());
    }

    private void routeTo(int port) {
        fixture.verifier = (a, s, e, b) -> AddressVerifier.Verification.routed(null,
                List.of(new Host("127.0.0.1", "127.0.0.1", port, Host.NO_MX, HostStatus.UNKNOWN)), "t");
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    private static FakeSubject rcpt(String to) {
        return new FakeSubject().host("127.0.0.2", "x").mail("a@b.example").rcpt(to);
    }

    @Test
    void acceptedRecipient() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        assertThat(acls.run(AclWhere.RCPT, rcpt("u@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(server.commands).containsExactly("EHLO test.example", "MAIL FROM:<>", "RCPT TO:<u@d.example>",
                "QUIT");
    }

    @Test
    void rejectedRecipientAsExim() throws Exception {
        server.reply("RCPT", "550-5.1.1 no such|550 5.1.1 user");
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        AclResult r = acls.run(AclWhere.RCPT, rcpt("u@d.example"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(r.logMessage()).isEqualTo("127.0.0.1 [127.0.0.1] : SMTP error from remote mail server after "
                + "RCPT TO:<u@d.example>: 550-5.1.1 no such\n550 5.1.1 user");
        assertThat(r.userMessage()).isEqualTo("Callout verification failed:\n550-5.1.1 no such\n550 5.1.1 user");
    }

    @Test
    void temporaryRejectionDefers() throws Exception {
        server.reply("RCPT", "451 4.3.0 later");
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        AclResult r = acls.run(AclWhere.RCPT, rcpt("u@d.example"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DEFER);
        assertThat(r.logMessage()).isEqualTo("Could not complete recipient verify callout: 127.0.0.1 [127.0.0.1] : "
                + "SMTP error from remote mail server after RCPT TO:<u@d.example>: 451 4.3.0 later");
        assertThat(r.userMessage()).isEqualTo("Could not complete recipient verify callout");
        assertThat(acls.run(AclWhere.RCPT, rcpt("dok@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
    }

    @Test
    void refusedConnectionDefers() throws Exception {
        // A port bound but not listening refuses connections, and no other test can take it
        // meanwhile (a closed server's port could be reused by a parallel test's server).
        try (Socket bound = new Socket()) {
            bound.bind(new InetSocketAddress("127.0.0.1", 0));
            routeTo(bound.getLocalPort());
            ConfiguredAcls acls = fixture.engine(dir, CONFIG);
            AclResult r = acls.run(AclWhere.RCPT, rcpt("u@d.example"));
            assertThat(r.verdict()).isEqualTo(AclVerdict.DEFER);
            assertThat(r.logMessage()).isEqualTo(
                    "Could not complete recipient verify callout: 127.0.0.1 [127.0.0.1] : Connection refused");
        }
    }

    @Test
    void rejectedMailAndGreeting() throws Exception {
        server.reply("MAIL", "550 5.7.1 no bounces");
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        AclResult r = acls.run(AclWhere.RCPT, rcpt("nc@d.example"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(r.logMessage()).isEqualTo(
                "127.0.0.1 [127.0.0.1] : response to \"MAIL FROM:<>\" was: 550 5.7.1 no bounces");
        assertThat(r.userMessage()).isEqualTo("Callout verification failed:\n550 5.7.1 no bounces");

        server.reply("GREETING", "554 go away");
        AclResult g = acls.run(AclWhere.RCPT, rcpt("nc@d.example"));
        assertThat(g.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(g.logMessage()).isEqualTo(
                "127.0.0.1 [127.0.0.1] : SMTP error from remote mail server after initial connection: 554 go away");
        assertThat(g.userMessage()).isEqualTo("Callout verification failed:\n554 go away");
    }

    @Test
    void rejectedSenderAsExim() throws Exception {
        server.reply("RCPT", "550 5.1.1 unknown user");
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        AclResult r = acls.run(AclWhere.RCPT, rcpt("snd@d.example"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(r.userMessage()).isEqualTo("Sender verify failed");
        AclResult.SenderVerifyFailure f = r.senderVerifyFailure();
        assertThat(f.logText()).isEqualTo("sender verify fail for <a@b.example>: 127.0.0.1 [127.0.0.1] : "
                + "SMTP error from remote mail server after RCPT TO:<a@b.example>: 550 5.1.1 unknown user");
        assertThat(f.clientDetails()).isEqualTo("Verification failed for <a@b.example>\nCalled:   127.0.0.1\n"
                + "Sent:     RCPT TO:<a@b.example>\nResponse: 550 5.1.1 unknown user");
    }

    @Test
    void senderRejectingBouncesAsExim() throws Exception {
        server.reply("MAIL", "550 5.7.1 no bounces");
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        AclResult r = acls.run(AclWhere.RCPT, rcpt("snd@d.example"));
        assertThat(r.senderVerifyFailure().logText()).isEqualTo("sender verify fail for <a@b.example>: "
                + "127.0.0.1 [127.0.0.1] : response to \"MAIL FROM:<>\" was: 550 5.7.1 no bounces");
        assertThat(r.senderVerifyFailure().clientDetails()).startsWith(
                "Callback setup failed while verifying <a@b.example>\nCalled:   127.0.0.1\nSent:     MAIL FROM:<>\n"
                        + "Response: 550 5.7.1 no bounces\nThe initial connection, or a HELO or MAIL FROM:<> command");
    }

    @Test
    void senderCalloutDeferral() throws Exception {
        server.reply("RCPT", "451 4.3.0 later");
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        AclResult r = acls.run(AclWhere.RCPT, rcpt("snd@d.example"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DEFER);
        assertThat(r.logMessage()).isEqualTo("Could not complete sender verify callout");
        assertThat(r.userMessage()).isEqualTo("Could not complete sender verify callout");
        assertThat(r.senderVerifyFailure().logText()).isEqualTo("sender verify defer for <a@b.example>: "
                + "Could not complete sender verify callout: 127.0.0.1 [127.0.0.1] : "
                + "SMTP error from remote mail server after RCPT TO:<a@b.example>: 451 4.3.0 later");
        assertThat(acls.run(AclWhere.RCPT, rcpt("snddef@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
    }

    @Test
    void resultsAreCachedUnlessNoCache() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        assertThat(acls.run(AclWhere.RCPT, rcpt("u@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
        server.reply("RCPT", "550 gone");
        assertThat(acls.run(AclWhere.RCPT, rcpt("u@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(fixture.hints.get("callout", "u@d.example").orElseThrow().value()).isEqualTo("accept");
        assertThat(fixture.hints.get("callout", "d.example").orElseThrow().value()).startsWith("accept unknown unknown");

        AclResult v = acls.run(AclWhere.RCPT, rcpt("v@d.example"));
        assertThat(v.verdict()).isEqualTo(AclVerdict.DENY);
        server.reply("RCPT", "250 ok");
        AclResult again = acls.run(AclWhere.RCPT, rcpt("v@d.example"));
        assertThat(again.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(again.userMessage()).isEqualTo("Previous (cached) callout verification failure");

        // The negative record expires after callout_negative_expire (2h).
        fixture.now = fixture.now.plusSeconds(2 * 3600 + 1);
        assertThat(acls.run(AclWhere.RCPT, rcpt("v@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);

        server.reply("RCPT", "550 gone");
        int before = server.commands.size();
        assertThat(acls.run(AclWhere.RCPT, rcpt("nc@d.example")).verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(server.commands.size()).isGreaterThan(before);
        assertThat(fixture.hints.get("callout", "nc@d.example")).isEmpty();
    }

    @Test
    void randomLocalPartFirst() throws Exception {
        server.reply("RCPT", "550 no such user");
        server.reply("RCPT TO:<RND@D.EXAMPLE>", "250 ok");
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        assertThat(acls.run(AclWhere.RCPT, rcpt("rnd@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(server.commands.get(2)).startsWith("RCPT TO:<test.example-");
        assertThat(server.commands.get(2)).endsWith("-testing@d.example>");
        assertThat(server.commands.subList(3, server.commands.size())).containsExactly("RSET", "MAIL FROM:<>",
                "RCPT TO:<rnd@d.example>", "QUIT");
        assertThat(fixture.hints.get("callout", "d.example").orElseThrow().value()).startsWith("accept unknown reject");
    }

    @Test
    void useSenderAndPostmaster() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, CONFIG);
        assertThat(acls.run(AclWhere.RCPT, rcpt("us@d.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(server.commands).containsAll("MAIL FROM:<a@b.example>");
        assertThat(fixture.hints.get("callout", "us@d.example/<a@b.example>")).isPresent();

        server.commands.clear();
        server.reply("RCPT TO:<POSTMASTER@D.EXAMPLE>", "550 no postmaster");
        AclResult r = acls.run(AclWhere.RCPT, rcpt("pm@d.example"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(server.commands).containsSubsequence("RCPT TO:<pm@d.example>", "RSET", "MAIL FROM:<>",
                "RCPT TO:<postmaster@d.example>");
        assertThat(r.logMessage()).isEqualTo("127.0.0.1 [127.0.0.1] : response to "
                + "\"RCPT TO:<postmaster@d.example>\" was: 550 no postmaster");
    }

    @Test
    void optionErrors() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_rcpt = r1
                begin acl
                r1:
                  require verify = recipient/callout=use_sender,use_postmaster
                  accept
                r2:
                  require verify = recipient/callout=mailfrom=x@y
                  accept
                r3:
                  require verify = recipient/callout=connect=zz
                  accept
                """);
        assertThat(acls.run(AclWhere.RCPT, rcpt("u@d.example")).logMessage())
                .isEqualTo("only one of use_sender and use_postmaster can be set for a recipient callout");
        assertThat(acls.runText(AclWhere.RCPT, "r2", rcpt("u@d.example")).logMessage())
                .isEqualTo("\"mailfrom\" is allowed as a callout option only for verify=header_sender "
                        + "(detected in ACL condition \"recipient/callout=mailfrom=x@y\")");
        assertThat(acls.runText(AclWhere.RCPT, "r3", rcpt("u@d.example")).logMessage())
                .isEqualTo("bad time value in ACL condition \"verify recipient/callout=connect=zz\"");
    }

    private static final String DATA_CONFIG = """
            acl_smtp_data = d1
            begin acl
            d1:
              deny !verify = header_syntax
              deny !verify = header_sender/callout=3s,mailfrom=check@test.example
              accept
            begin transports
            t:
              driver = smtp
            """;

    private static FakeSubject data(Header... headers) {
        FakeSubject s = new FakeSubject().host("127.0.0.2", "x").mail("a@b.example");
        s.headers = List.of(headers);
        return s;
    }

    @Test
    void headerSyntax() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, DATA_CONFIG);
        AclResult bad = acls.run(AclWhere.DATA, data(new Header("From", "a@b.example"),
                new Header("To", "x@y.example, bad address@@y.example ")));
        assertThat(bad.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(bad.logMessage()).isEqualTo("missing or malformed local part (expected word or \"<\"): "
                + "failing address in \"To:\" header is: bad address@@y.example");
        AclResult unq = acls.run(AclWhere.DATA, data(new Header("From", "someone")));
        assertThat(unq.logMessage())
                .isEqualTo("unqualified address not permitted: failing address in \"From:\" header is: someone");
    }

    @Test
    void headerSender() throws Exception {
        server.reply("RCPT TO:<NOPE@D.EXAMPLE>", "550 nope");
        ConfiguredAcls acls = fixture.engine(dir, DATA_CONFIG);
        assertThat(acls.run(AclWhere.DATA, data(new Header("From", "Someone <ok@d.example>"))).verdict())
                .isEqualTo(AclVerdict.ACCEPT);
        assertThat(server.commands).containsAll("MAIL FROM:<check@test.example>", "RCPT TO:<ok@d.example>");
        AclResult r = acls.run(AclWhere.DATA, data(new Header("From", "nope@d.example")));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(r.logMessage()).isEqualTo("there is no valid sender in any header line");
        assertThat(acls.run(AclWhere.DATA, data(new Header("To", "x@y.example"))).logMessage())
                .isEqualTo("there is no valid sender in any header line");
    }
}
