package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.B;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.esmtp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * Details of the dialogue found by comparing what a scripted peer saw from Exim 4.96 and from
 * Osprey (itests/distribution TransportParityIT, recorded by scripts/record-transport-parity):
 * QUIT pipelined with the final dot, the new MAIL for recipients refused with 452, and
 * message_linelength_limit.
 */
class EximDialogueParityTest {
    private static final TestMessage MESSAGE = TestMessage.of("x\n");

    private static TransportResult deliver(ScriptedServer s, Map<String, String> variables, String... more)
            throws Exception {
        List<String> settings = new ArrayList<>(List.of("hosts", "127.0.0.1", "port", Integer.toString(s.port()),
                "allow_localhost", "true", "command_timeout", "2s", "final_timeout", "1s"));
        settings.addAll(List.of(more));
        Map<String, String> vars = new HashMap<>(variables);
        vars.put("primary_hostname", "client.example");
        return SmtpTransportTest.transport(settings.toArray(new String[0]))
                .deliver(new TestDelivery(MESSAGE, List.of(A, B), List.of(), new FirstDelivery(new TestExpander(vars))));
    }

    /** The kernel's TestExpander, and the first_delivery condition (true when the variable is set, as in the engine). */
    private record FirstDelivery(TestExpander base) implements Expander {
        @Override
        public String expand(String template) throws ExpansionException {
            return template.equals("${if first_delivery{yes}{no}}")
                    ? base.expand("${if def:first_delivery{yes}{no}}") : base.expand(template);
        }

        @Override
        public Expander with(Map<String, String> variables) {
            return new FirstDelivery((TestExpander) base.with(variables));
        }
    }

    /** A server that never answers the dot: only a QUIT sent along with the dot reaches it. */
    private static Function<String, String> silentAfterDot() {
        Function<String, String> normal = esmtp(Map.of());
        return line -> line.equals(".") ? null : normal.apply(line);
    }

    @Test
    void onAFirstDeliveryQuitGoesWithTheDotWhenPipelining() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", silentAfterDot())) {
            deliver(s, Map.of("first_delivery", "yes"));
            List<String> commands = s.commandsAfterQuit();
            assertEquals(List.of(".", "QUIT"), commands.subList(commands.size() - 2, commands.size()));
        }
    }

    @Test
    void onALaterDeliveryQuitWaitsForTheReplyToTheDot() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", silentAfterDot())) {
            TransportResult r = deliver(s, Map.of());
            // No reply to the dot within final_timeout: no QUIT at all.
            assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            Thread.sleep(200);
            assertEquals(".", s.commands.get(s.commands.size() - 1));
        }
    }

    @Test
    void withoutPipeliningQuitWaitsForTheReplyToTheDot() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", silentAfterDot())) {
            deliver(s, Map.of("first_delivery", "yes"), "hosts_avoid_pipelining", "*");
            Thread.sleep(200);
            assertEquals(".", s.commands.get(s.commands.size() - 1));
        }
    }

    @Test
    void recipientsRefusedWith452AfterAnAcceptedOneGoInANewMail() throws Exception {
        AtomicInteger datas = new AtomicInteger();
        Function<String, String> normal = esmtp(Map.of("RCPT TO:<b@", "452 4.2.2 too many recipients"));
        Function<String, String> answer = line -> line.equals("DATA") && datas.incrementAndGet() > 1
                ? "503 no valid recipients" : normal.apply(line);
        try (ScriptedServer s = new ScriptedServer("220 hi", answer)) {
            TransportResult r = deliver(s, Map.of());
            assertEquals(List.of("EHLO client.example", "MAIL FROM:<sender@example.com> SIZE=" + (MESSAGE.size() + 1024),
                    "RCPT TO:<a@example.net>", "RCPT TO:<b@example.net>", "DATA", ".",
                    "MAIL FROM:<sender@example.com> SIZE=" + (MESSAGE.size() + 1024), "RCPT TO:<b@example.net>",
                    "DATA", "QUIT"), s.commandsAfterQuit());
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            Outcome.Deferred b = assertInstanceOf(Outcome.Deferred.class, r.outcome(B).orElseThrow());
            assertEquals(ErrorClass.RCPT_4XX, b.errorClass());
        }
    }

    @Test
    void a452WithoutProgressIsAnOrdinaryDeferral() throws Exception {
        Function<String, String> answer = esmtp(Map.of("RCPT TO:<a@", "452 4.2.2 full", "RCPT TO:<b@", "452 4.2.2 full",
                "DATA", "503 no valid recipients"));
        try (ScriptedServer s = new ScriptedServer("220 hi", answer)) {
            TransportResult r = deliver(s, Map.of());
            assertEquals(1, s.commandsAfterQuit().stream().filter(c -> c.startsWith("MAIL")).count());
            assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertInstanceOf(Outcome.Deferred.class, r.outcome(B).orElseThrow());
        }
    }

    @Test
    void aLineLongerThanMessageLinelengthLimitFailsTheMessageWithoutConnecting() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", esmtp(Map.of()))) {
            TransportResult r = deliver(s, Map.of("max_received_linelength", "999"));
            Outcome.Failed failed = assertInstanceOf(Outcome.Failed.class, r.outcome(A).orElseThrow());
            assertEquals("message has lines too long for transport", failed.message());
            assertEquals(List.of(), s.peers);
            TransportResult raised = deliver(s, Map.of("max_received_linelength", "999"), "message_linelength_limit", "999");
            assertInstanceOf(Outcome.Delivered.class, raised.outcome(A).orElseThrow());
        }
    }
}
