package org.osprey.mta.core.acl;

import static org.osprey.mta.core.acl.Expect.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.acl.AclResult.AddedHeader;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.acl.ConditionDriver;
import org.osprey.mta.kernel.acl.ConditionResult;

/** The engine against behaviour recorded from Exim 4.96 (-bh sessions and -be), with a fake session. */
class AclEngineTest {
    @TempDir
    Path dir;
    final AclFixture fixture = new AclFixture();

    private static final String RCPT_ACLS = """
            acl_smtp_rcpt = a1
            acl_smtp_mail = m1
            begin acl
            m1:
              warn log_message = wlog $sender_address
              warn message = X-Warn: yes
              require verify = sender
              accept
            a1:
              deny local_parts = bad
                   message = go away $local_part
                   log_message = bad lp
              defer condition = ${if eq{$local_part}{tmp}}
              require verify = recipient
              accept
            t1:
              accept condition = ${if eq{$acl_arg1}{x}}
                     message = arg=$acl_arg1 n=$acl_narg
              deny message = no $acl_arg1
            """;

    private ConfiguredAcls rcptEngine() throws Exception {
        fixture.verifier = (address, sender, envelope, base) -> address.endsWith("@ok.example")
                ? AddressVerifier.Verification.ok("data-" + address)
                : new AddressVerifier.Verification(AddressVerifier.Status.FAIL, "Unrouteable address", null, null);
        return fixture.engine(dir, RCPT_ACLS);
    }

    private static FakeSubject client() {
        return new FakeSubject().host("127.0.0.2", "me");
    }

    @Test
    void rcptDecisionsAsExim() throws Exception {
        ConfiguredAcls acls = rcptEngine();
        AclResult bad = acls.run(AclWhere.RCPT, client().mail("a@ok.example").rcpt("bad@ok.example"));
        assertThat(bad.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(bad.userMessage()).isEqualTo("go away bad");
        assertThat(bad.logMessage()).isEqualTo("bad lp");

        AclResult tmp = acls.run(AclWhere.RCPT, client().mail("a@ok.example").rcpt("tmp@ok.example"));
        assertThat(tmp.verdict()).isEqualTo(AclVerdict.DEFER);
        assertThat(tmp.userMessage()).isNull();
        assertThat(tmp.temporaryDetails()).isTrue();

        AclResult unrouteable = acls.run(AclWhere.RCPT, client().mail("a@ok.example").rcpt("u@nok.example"));
        assertThat(unrouteable.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(unrouteable.userMessage()).isEqualTo("Unrouteable address");
        assertThat(unrouteable.logMessage()).isEqualTo("Unrouteable address");

        assertThat(acls.run(AclWhere.RCPT, client().mail("a@ok.example").rcpt("u@ok.example")).verdict())
                .isEqualTo(AclVerdict.ACCEPT);
        assertThat(acls.run(AclWhere.HELO, client())).isNull();
    }

    @Test
    void warnLogsOnceAndAddsHeadersAndSenderVerifyFails() throws Exception {
        ConfiguredAcls acls = rcptEngine();
        FakeSubject s = client().mail("a@ok.example");
        AclResult ok = acls.run(AclWhere.MAIL, s);
        assertThat(ok.verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(ok.headersToAdd()).containsExactly("X-Warn: yes\n");
        assertThat(fixture.logLines).containsExactly("[MAIN] H=(me) [127.0.0.2] Warning: wlog a@ok.example");
        acls.run(AclWhere.MAIL, s);
        assertThat(fixture.logLines).hasSize(1);

        AclResult failed = acls.run(AclWhere.MAIL, client().mail("a@b.example"));
        assertThat(failed.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(failed.userMessage()).isEqualTo("Sender verify failed");
        assertThat(failed.logMessage()).isEqualTo("Sender verify failed");
        assertThat(failed.senderVerifyFailure())
                .isEqualTo(new AclResult.SenderVerifyFailure("a@b.example", "Unrouteable address", false));
    }

    @Test
    void aclExpansionItemAndCondition() throws Exception {
        ConfiguredAcls acls = rcptEngine();
        ExpansionEngine engine = new ExpansionEngine(acls.expansionEnvironment());
        assertThat(expand(engine, "${acl{t1}{x}}")).isEqualTo("arg=x n=1");
        assertThat(expand(engine, "${acl{t1}{y}}")).isEqualTo("no y");
        assertThat(expand(engine, "${if acl{{t1}{x}}{T:$value}{F:$value}}")).isEqualTo("T:arg=x n=1");
        assertThat(expand(engine, "${if acl{{t1}{y}}{T:$value}{F:$value}}")).isEqualTo("F:no y");
        assertThat(expand(engine, "${acl{t1}{x}{y}}")).isEqualTo("arg=x n=2");
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> expand(engine, "${acl{nonex}}")).getMessage()).isEqualTo("ERROR from acl \"nonex\"");
    }

    private static String expand(ExpansionEngine engine, String s) throws Exception {
        return engine.compile(s).expand(ExpansionContext.empty());
    }

    @Test
    void parseErrorsInEximWords() throws Exception {
        String head = "acl_smtp_rcpt = a1\nbegin acl\na1:\n  accept hosts = :\n";
        Map<String, String> cases = Map.of(
                "  deny foo = bar", "error in ACL: unknown ACL condition/modifier in \"deny foo = bar\"",
                "  !deny hosts = *", "error in ACL: malformed ACL line \"!deny hosts = *\"",
                "  deny !message = x", "error in ACL: ACL error: negation is not allowed with \"message\"",
                "  deny endpass", "error in ACL: ACL error: \"endpass\" is not allowed with \"deny\"",
                "  deny hosts *", "error in ACL: \"=\" missing after ACL \"hosts\" condition",
                "  warn set foo = 1", "error in ACL: invalid variable name after \"set\" in ACL modifier "
                        + "\"set foo = 1\" (must start \"acl_c\" or \"acl_m\")",
                "  warn set acl_cx = 1", "error in ACL: invalid variable name after \"set\" in ACL modifier "
                        + "\"set acl_cx = 1\" (digit or underscore must follow acl_c or acl_m)",
                "  warn set acl_c1-x = 1", "error in ACL: invalid character \"-\" in variable name in ACL "
                        + "modifier \"set acl_c1-x = 1\"");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            ConfigException e = fixture.error(dir, head + c.getKey() + "\n");
            assertThat(e.getMessage()).as(c.getKey()).isEqualTo(c.getValue());
            assertThat(e.location().orElseThrow().line()).isEqualTo(6);
        }
        assertThat(fixture.error(dir, "begin acl\na1:\n  frob hosts = *\n").getMessage())
                .isEqualTo("error in ACL: unknown ACL verb \"frob\" in \"frob hosts = *\"");
    }

    @Test
    void placementIsCheckedWhenRun() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_mail = m1
                acl_smtp_rcpt = r1
                acl_smtp_connect = c1
                begin acl
                m1:
                  accept condition = ${if eq{$sender_address}{a@x.example}}
                  deny domains = x
                r1:
                  warn control = no_pipelining
                  accept control = submission
                c1:
                  accept control = submission/domain=x
                """);
        AclResult r = acls.run(AclWhere.MAIL, client().mail("b@x.example"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.ERROR);
        assertThat(r.logMessage()).isEqualTo("cannot test domains condition in MAIL ACL");
        assertThat(acls.run(AclWhere.MAIL, client().mail("a@x.example")).verdict()).isEqualTo(AclVerdict.ACCEPT);
        FakeSubject s = client().mail("a@x.example").rcpt("u@y");
        assertThat(acls.run(AclWhere.RCPT, s).verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(s.controls.noPipelining).isTrue();
        assertThat(s.controls.submission).isTrue();
        AclResult c = acls.run(AclWhere.CONNECT, client());
        assertThat(c.verdict()).isEqualTo(AclVerdict.ERROR);
        assertThat(c.logMessage()).isEqualTo("cannot use \"control=submission\" in connection ACL");
    }

    @Test
    void ratelimitAsExim() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_rcpt = r1
                begin acl
                r1:
                  deny ratelimit = 2 / 1h / per_rcpt / strict
                       message = rate $sender_rate limit $sender_rate_limit period $sender_rate_period
                  accept logwrite = :main,reject: lw $local_part
                         add_header = :at_start: X-A: 1
                """);
        AclResult u = acls.run(AclWhere.RCPT, client().mail("a@x.example").rcpt("u@y"));
        assertThat(u.verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(u.addedHeaders()).containsExactly(new AddedHeader("X-A: 1\n", AddedHeader.Position.AT_START));
        fixture.now = fixture.now.plusSeconds(1);
        assertThat(acls.run(AclWhere.RCPT, client().mail("a@x.example").rcpt("v@y")).verdict())
                .isEqualTo(AclVerdict.ACCEPT);
        fixture.now = fixture.now.plusSeconds(1);
        AclResult w = acls.run(AclWhere.RCPT, client().mail("a@x.example").rcpt("w@y"));
        assertThat(w.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(w.userMessage()).isEqualTo("rate 3.0 limit 2 period 1h");
        assertThat(fixture.logLines).containsExactly("[MAIN, REJECT] lw u", "[MAIN, REJECT] lw v");
        assertThat(fixture.hints.get(RateLimiter.DATABASE, "1h/per_rcpt/127.0.0.2")).isPresent();
    }

    @Test
    void ratelimitArgumentErrors() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_rcpt = r1
                begin acl
                r1:
                  deny ratelimit = $acl_m0
                """);
        Map<String, String> cases = Map.of(
                "x / 1h", "\"x\" is not a positive number",
                "2 / 0s", "\"0s\" is not a time value",
                "2 / 1h / per_mail / per_cmd", "conflicting per_* options",
                "2 / 1h / strict / leaky", "conflicting update modes");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            FakeSubject s = client().mail("a@x").rcpt("b@y");
            s.variables.put("acl_m0", c.getKey());
            AclResult r = acls.run(AclWhere.RCPT, s);
            assertThat(r.verdict()).isEqualTo(AclVerdict.ERROR);
            assertThat(r.logMessage()).isEqualTo("error in arguments to \"ratelimit\" condition: " + c.getValue());
        }
    }

    @Test
    void modifiersSetVariablesDelayAndRemoveHeaders() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_data = d1
                begin acl
                d1:
                  warn set acl_m_x = ${uc:$sender_address}
                       set acl_c0 = c0
                       delay = 2s
                       remove_header = X-Spam
                       add_header = X-Seen: $acl_m_x\\nnot a header
                  accept
                """);
        FakeSubject s = client().mail("a@x.example");
        AclResult r = acls.run(AclWhere.DATA, s);
        assertThat(r.verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(s.variables).containsEntry("acl_m_x", "A@X.EXAMPLE").containsEntry("acl_c0", "c0");
        assertThat(fixture.sleeps).containsExactly(Duration.ofSeconds(2));
        assertThat(s.flushes).isEqualTo(1);
        assertThat(r.headersToRemove()).containsExactly("X-Spam");
        assertThat(r.headersToAdd()).containsExactly("X-Seen: A@X.EXAMPLE\n", "X-ACL-Warn: not a header\n");
    }

    @Test
    void nestedAclsAndVerbRules() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_rcpt = r1
                acl_smtp_quit = q1
                begin acl
                r1:
                  deny acl = disc
                  accept
                disc:
                  discard
                q1:
                  deny
                """);
        AclResult r = acls.run(AclWhere.RCPT, client().mail("a@x").rcpt("b@y"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.ERROR);
        assertThat(r.logMessage()).isEqualTo(
                "nested ACL returned \"discard\" for \"deny\" command (only allowed with \"accept\" or \"discard\")");
        AclResult q = acls.run(AclWhere.QUIT, client());
        assertThat(q.verdict()).isEqualTo(AclVerdict.ERROR);
        assertThat(q.logMessage()).isEqualTo("QUIT or not-QUIT toplevel ACL may not fail ('deny' verb used incorrectly)");
    }

    @Test
    void inlineAndFileAcls() throws Exception {
        Path file = Files.writeString(dir.resolve("acl.txt"), "# comment\ndeny hosts = 127.0.0.2\n  message = from file\naccept\n");
        ConfiguredAcls acls = fixture.engine(dir, "acl_smtp_helo = " + file + "\nacl_smtp_mail = "
                + "deny senders = a@x \\n accept\n");
        AclResult h = acls.run(AclWhere.HELO, client());
        assertThat(h.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(h.userMessage()).isEqualTo("from file");
        assertThat(acls.run(AclWhere.MAIL, client().mail("a@x")).verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(acls.run(AclWhere.MAIL, client().mail("b@x")).verdict()).isEqualTo(AclVerdict.ACCEPT);
    }

    @Test
    void conditionDrivers() throws Exception {
        ConditionDriver dnslists = (arg, context) -> arg.equals("bl.example")
                ? new ConditionResult.Ok(Map.of("dnslist_domain", arg)) : ConditionResult.fail();
        fixture.drivers.add(new DriverService(DriverKind.CONDITION, "dnslists", dnslists, 0, 7, "test"));
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_rcpt = r1
                begin acl
                r1:
                  deny dnslists = bl.example
                       message = listed at $dnslist_domain
                  accept
                """);
        AclResult r = acls.run(AclWhere.RCPT, client().mail("a@x").rcpt("b@y"));
        assertThat(r.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(r.userMessage()).isEqualTo("listed at bl.example");
        fixture.drivers.remove(DriverKind.CONDITION, 7);
        AclResult gone = acls.run(AclWhere.RCPT, client().mail("a@x").rcpt("b@y"));
        assertThat(gone.verdict()).isEqualTo(AclVerdict.DEFER);
        assertThat(gone.logMessage()).contains("dnslists");
    }

    @Test
    void logRejectTargetAndReverseLookup() throws Exception {
        ConfiguredAcls acls = fixture.engine(dir, """
                acl_smtp_connect = c1
                begin acl
                c1:
                  deny !verify = reverse_host_lookup
                       log_reject_target = reject
                  accept message = hello $sender_host_name
                """);
        AclResult ok = acls.run(AclWhere.CONNECT, client());
        assertThat(ok.verdict()).isEqualTo(AclVerdict.ACCEPT);
        assertThat(ok.userMessage()).isEqualTo("hello client.example");
        AclResult no = acls.run(AclWhere.CONNECT, new FakeSubject().host("127.0.0.9", "x"));
        assertThat(no.verdict()).isEqualTo(AclVerdict.DENY);
        assertThat(no.rejectLog()).containsExactly(LogFile.REJECT);
        assertThat(no.logMessage()).isEqualTo(
                "host lookup failed for reverse lookup check (failed to find host name from IP address)");
    }
}
