package org.osprey.mta.core.rewrite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.Location;
import org.osprey.mta.core.config.RewriteRule;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.kernel.address.Rfc822;

class RewriterTest {
    private static final Location HERE = new Location("test", 1);
    private final ExpansionEngine engine = new ExpansionEngine(
            ExpansionEnvironment.of(Settings.of(Map.of("primary_hostname", "test.example"))));

    private Rewriter rewriter(String... lines) throws ConfigException {
        List<RewriteRule> rules = new ArrayList<>();
        for (String line : lines) {
            rules.add(RewriteRule.parse(line, true, HERE));
        }
        return new Rewriter(rules, engine, "q.example", "q.example", "UTF-8", new Rfc822.Syntax());
    }

    /** Collects what a rewriter logs. */
    private static final class Recorder implements RewriteLog {
        final List<String> lines = new ArrayList<>();

        @Override
        public void rewritten(String text) {
            lines.add("rewritten: " + text);
        }

        @Override
        public void panic(String text) {
            lines.add("panic: " + text);
        }

        @Override
        public void note(String text) {
            lines.add("note: " + text);
        }

        @Override
        public boolean logsRewrites() {
            return true;
        }
    }

    /**
     * Exim 4.96 given this message by SMTP from 192.0.2.1 (-oMa 192.0.2.1 -bs) with these
     * rules: the -H file's recipients and headers are what rewriteMessage makes. The
     * unqualified "bob" in To: stays as it is (not a local message); a forced failure passes
     * the address to the next rule; each envelope rewrite keeps an X-rewrote header.
     */
    @Test
    void rewrites_an_smtp_message_as_exim_did() throws Exception {
        Rewriter r = rewriter("*@old.example  $1@new.example",
                "bob@*  \"${if eq{$domain}{fail.example}{robert@$domain}fail}\"",
                "*@fail.example  other@x.example  T");
        List<HeaderLine> headers = List.of(new HeaderLine('F', "From: s@old.example\n"),
                new HeaderLine('T', "To: bob, x@old.example, Bob <bob@fail.example>,\n  bob@z.example\n"),
                new HeaderLine('T', "Resent-To: y@old.example\n"), new HeaderLine(' ', "Subject: s\n"));
        Rewriter.RewrittenMessage m = r.rewriteMessage("s@old.example", false,
                List.of("r@old.example", "bob@fail.example", "bob@y.example"), headers, false, false,
                ExpansionContext.empty(), RewriteLog.NONE);
        assertEquals("s@new.example", m.sender());
        assertEquals(List.of("r@new.example", "other@x.example", "bob@y.example"), m.recipients());
        assertEquals(List.of(new HeaderLine('*', "From: s@old.example\n"), new HeaderLine('F', "From: s@new.example\n"),
                new HeaderLine('*', "To: bob, x@old.example, Bob <bob@fail.example>,\n  bob@z.example\n"),
                new HeaderLine('T', "To: bob, x@new.example, Bob <robert@fail.example>,\n  bob@z.example\n"),
                new HeaderLine('*', "Resent-To: y@old.example\n"), new HeaderLine('T', "Resent-To: y@new.example\n"),
                new HeaderLine(' ', "Subject: s\n"),
                new HeaderLine('*', "X-rewrote-original-recipient: r@old.example\n"),
                new HeaderLine('*', "X-rewrote-original-recipient: bob@fail.example\n"),
                new HeaderLine('*', "X-rewrote-original-recipient: robert@fail.example\n"),
                new HeaderLine('*', "X-rewrote-sender: s@old.example\n")), m.headers());
    }

    @Test
    void a_sender_rewritten_at_verification_is_left_alone() throws Exception {
        Rewriter r = rewriter("*@old.example  $1@new.example");
        Rewriter.RewrittenMessage m = r.rewriteMessage("s@old.example", true, List.of(), List.of(), false, false,
                ExpansionContext.empty(), RewriteLog.NONE);
        assertEquals("s@old.example", m.sender());
        assertEquals(List.of(), m.headers());
    }

    @Test
    void smtp_time_rules_see_the_whole_argument() throws Exception {
        Rewriter r = rewriter("\\N^<(.*)%(.*)>$\\N   <$1@$2>   S", "\\N^<>$\\N  postmaster@x.example  S");
        Recorder log = new Recorder();
        assertEquals("a@b.example", r.rewriteSmtp("<a%b.example>", false, ExpansionContext.empty(), log));
        String untouched = "<a@b.example>";
        assertSame(untouched, r.rewriteSmtp(untouched, false, ExpansionContext.empty(), log));
        assertEquals("postmaster@x.example", r.rewriteSmtp("<>", true, ExpansionContext.empty(), log));
        assertEquals(List.of("rewritten: \"<a%b.example>\" from smtp recipient rewritten as \"<a@b.example>\" by rule 1",
                "rewritten: \"<>\" from smtp sender rewritten as \"postmaster@x.example\" by rule 2"), log.lines);
        // The S rules do not touch envelope fields once the message is in.
        assertEquals("a%b.example@q.example", r.rewriteAddress("a%b.example", true, null, ExpansionContext.empty(),
                RewriteLog.NONE));
    }

    @Test
    void headers_rewrite_rules_from_a_list_apply_to_headers_only() throws Exception {
        List<RewriteRule> rules = RewriteRule.parseList("*@old.example $1@new.example : root@* \"Root <r@$1>\" w",
                HERE);
        Rewriter r = new Rewriter(rules, engine, "q.example", "q.example", "UTF-8", new Rfc822.Syntax());
        assertEquals("a@old.example", r.rewriteAddress("a@old.example", true, null, ExpansionContext.empty(),
                RewriteLog.NONE));
        assertEquals("Cc: \"A\" <a@new.example>, Root <r@x.example>\n", r.rewriteHeader(new HeaderLine('C',
                "Cc: \"A\" <a@old.example>, The Admin <root@x.example> (c)\n"), true, true, ExpansionContext.empty(),
                RewriteLog.NONE));
        assertNull(r.rewriteHeader(new HeaderLine(' ', "X-To: a@old.example\n"), true, true,
                ExpansionContext.empty(), RewriteLog.NONE));
    }

    @Test
    void without_rules_headers_are_only_qualified() throws Exception {
        Rewriter r = new Rewriter(List.of(), engine, "s.example", "r.example", "UTF-8", new Rfc822.Syntax());
        assertEquals("To: a@r.example, \"B\" <b@r.example>,\n  c@r.example (see)\n", r.rewriteHeader(
                new HeaderLine('T', "To: a, \"B\" <b>,\n  c (see)\n"), true, true, ExpansionContext.empty(),
                RewriteLog.NONE));
        assertEquals("From: me@s.example\n", r.rewriteHeader(new HeaderLine('F', "From: me\n"), true, true,
                ExpansionContext.empty(), RewriteLog.NONE));
        assertEquals("Cc: alpha@r.example, beta@r.example, gamma@r.example, \n\tdelta@r.example, "
                + "epsilon@r.example\n", r.rewriteHeader(new HeaderLine('C', "Cc: alpha, beta, gamma, delta, epsilon\n"),
                true, true, ExpansionContext.empty(), RewriteLog.NONE));
        assertNull(r.rewriteHeader(new HeaderLine('T', "To: all@qualified.example\n"), true, true,
                ExpansionContext.empty(), RewriteLog.NONE));
        assertNull(r.rewriteHeader(new HeaderLine('T', "To: a\n"), true, false, ExpansionContext.empty(),
                RewriteLog.NONE));
    }

    @Test
    void expansion_errors_and_repeats_go_to_the_panic_log() throws Exception {
        Rewriter r = rewriter("*@a.example  ${nosuch:x}", "*x@b.example  $1@b.example  R");
        Recorder log = new Recorder();
        assertEquals("u@a.example", r.rewrite("u@a.example", AddressField.TO, ExpansionContext.empty(), log));
        assertEquals("xxxx@b.example", r.rewrite("xxxxxxxxxxxxxxx@b.example", AddressField.TO, ExpansionContext.empty(),
                new RewriteLog() {
                    @Override
                    public void rewritten(String text) {
                    }

                    @Override
                    public void panic(String text) {
                        log.lines.add(text);
                    }

                    @Override
                    public void note(String text) {
                    }
                }));
        assertEquals("panic: Expansion of ${nosuch:x} failed while rewriting: unknown expansion operator \"nosuch\"",
                log.lines.get(0));
        assertEquals("rewrite rule repeat ignored after 10 times", log.lines.get(1));
    }

    /**
     * Exim 4.96 (-odi, dnslookup routers with widen_domains = test and qualify_single = false
     * under scripts/with-test-dns, the second with rewrite_headers = false for "nr", and the
     * rule "*@mx2.test $local_part@final.test t") delivering this message to user@mx1, third@mx2
     * and b@nr wrote these headers to its file transport: mx1 and mx2 became mx1.test and
     * mx2.test wherever an address had them, in any case, then the To: rule turned third@mx2.test
     * into third@final.test; each growth past 40 characters folded the line; unqualified
     * addresses, other headers and Bcc: b@nr (no rewrite_headers) stayed as they were.
     */
    @Test
    void aRoutedChangeOfDomainRewritesTheAddressHeadersAsEximDid() throws Exception {
        Rewriter r = rewriter("*@mx2.test  $local_part@final.test  t");
        List<HeaderLine> headers = List.of(new HeaderLine('F', "From: Sender <sender@mx1>\n"),
                new HeaderLine('T', "To: user@mx1, \"Second User\" <second@MX1>, third@mx2, other@elsewhere.test\n"),
                new HeaderLine('C', "Cc: cc@mx1 (comment)\n"), new HeaderLine('R', "Reply-To: rt@mx1\n"),
                new HeaderLine('S', "Sender: s@mx1\n"), new HeaderLine('B', "Bcc: b@nr, bare\n"),
                new HeaderLine(' ', "X-Other: user@mx1\n"));
        Recorder log = new Recorder();
        List<HeaderLine> first = r.rewriteRoutedDomain(headers, "mx1", "mx1.test", ExpansionContext.empty(), log)
                .orElseThrow();
        List<HeaderLine> second = r.rewriteRoutedDomain(first, "mx2", "mx2.test", ExpansionContext.empty(), log)
                .orElseThrow();
        assertEquals(List.of(
                "From: Sender <sender@mx1.test>\n",
                "To: user@mx1.test, \"Second User\" <second@mx1.test>, \n\tthird@final.test, \n\tother@elsewhere.test\n",
                "Cc: cc@mx1.test (comment)\n", "Reply-To: rt@mx1.test\n", "Sender: s@mx1.test\n",
                "Bcc: b@nr, bare\n", "X-Other: user@mx1\n"),
                second.stream().filter(h -> !h.deleted()).map(HeaderLine::text).toList());
        // The old versions stay, typed *, each before its replacement; the To: was replaced twice.
        assertEquals(List.of('*', 'F', '*', '*', 'T', '*', 'C', '*', 'R', '*', 'S', 'B', ' '),
                second.stream().map(HeaderLine::type).toList());
        assertEquals(List.of("rewritten: \"third@mx2.test\" from to: rewritten as \"third@final.test\" by rule 1"),
                log.lines);
        assertEquals(java.util.Optional.empty(),
                r.rewriteRoutedDomain(second, "mx1", "mx1.test", ExpansionContext.empty(), log));
    }

    /**
     * Exim 4.96 delivering "Cc: x@mx1, <broken@" after widening mx1: "rewrite: domain missing
     * or malformed" in the main log (as at reception), and the header rewritten all the same;
     * with no rewrite rules too, since the routed change counts as one.
     */
    @Test
    void aRoutedChangeNotesAnAddressThatDoesNotParseAndCarriesOn() throws Exception {
        Recorder log = new Recorder();
        List<HeaderLine> out = rewriter().rewriteRoutedDomain(List.of(new HeaderLine('C', "Cc: x@mx1, <broken@\n")),
                "mx1", "mx1.test", ExpansionContext.empty(), log).orElseThrow();
        assertEquals(new HeaderLine('C', "Cc: x@mx1.test, <broken@\n"), out.get(1));
        assertEquals(List.of("note: rewrite: domain missing or malformed"), log.lines);
    }
}
