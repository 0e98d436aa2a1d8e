package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.B;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.deliver;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.to;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.transport.DeliveryFlag;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * CHUNKING (BDAT) and PRDR as Exim 4.96's smtp transport uses them; the dialogues were
 * checked against exim-reference delivering to a scripted server offering them.
 */
class ChunkingPrdrTest {
    private static final String CRLF_MESSAGE = "From: sender@example.com\r\nSubject: test\r\n\r\nhello\r\n.dot\r\n";

    /**
     * PIPELINING and {@code ehloExtra} offered; everything accepted unless {@code special}
     * says otherwise ("HANG": no reply, ever).
     */
    private static Function<String, String> server(String ehloExtra, Function<String, String> special) {
        return line -> {
            String r = special.apply(line);
            if (r != null) {
                return r.equals("HANG") ? null : r;
            }
            if (line.startsWith("EHLO")) {
                return "250-sink.example\n250-PIPELINING\n" + ehloExtra + "250 8BITMIME";
            }
            if (line.startsWith("BDAT")) {
                return line.endsWith("LAST") ? "250 OK id=1" : "250 chunk ok";
            }
            return line.equals("DATA") ? "354 go" : line.equals("QUIT") ? "221 bye" : "250 OK";
        };
    }

    private static Function<String, String> none() {
        return line -> null;
    }

    @Test
    void aSmallMessageGoesAsOneBdatLastPipelinedBehindMailAndRcpts() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-CHUNKING\n", none()))) {
            TransportResult r = deliver(to(s), TestMessage.of("hello\n.dot\n"), A, B);
            assertEquals(List.of("EHLO client.example", "MAIL FROM:<sender@example.com>", "RCPT TO:<a@example.net>",
                    "RCPT TO:<b@example.net>", "BDAT " + CRLF_MESSAGE.length() + " LAST", "QUIT"),
                    s.commandsAfterQuit());
            assertEquals(List.of(CRLF_MESSAGE), s.chunks, "CR LF, no dot-stuffing, no final dot");
            assertTrue(s.pipelined.containsAll(List.of("MAIL FROM:<sender@example.com>", "RCPT TO:<a@example.net>",
                    "RCPT TO:<b@example.net>")), s.pipelined.toString());
            assertEquals(new Outcome.Delivered("250 OK id=1"), r.outcome(B).orElseThrow());
            assertEquals(Set.of(DeliveryFlag.CHUNKING), r.flags(A));
        }
    }

    @Test
    void aLargeMessageSendsItsHeadersFirstThenTheRestAsLast() throws Exception {
        String body = "x".repeat(70) + "\n";
        TestMessage big = TestMessage.of(body.repeat(200));
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-CHUNKING\n", none()))) {
            TransportResult r = deliver(to(s), big, A);
            String headers = "From: sender@example.com\r\nSubject: test\r\n\r\n";
            String rest = ("x".repeat(70) + "\r\n").repeat(200);
            assertEquals(List.of("EHLO client.example", "MAIL FROM:<sender@example.com>", "RCPT TO:<a@example.net>",
                    "BDAT " + headers.length(), "BDAT " + rest.length() + " LAST", "QUIT"), s.commandsAfterQuit());
            assertEquals(List.of(headers, rest), s.chunks);
            assertTrue(r.outcome(A).orElseThrow() instanceof Outcome.Delivered);
        }
    }

    @Test
    void hostsTryChunkingEmptyKeepsData() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-CHUNKING\n", none()))) {
            TransportResult r = deliver(to(s, "hosts_try_chunking", ""), TestMessage.of("hello\n"), A);
            assertTrue(s.commandsAfterQuit().contains("DATA"), s.commands.toString());
            assertEquals(Set.of(), r.flags(A));
        }
    }

    @Test
    void aRefusedLastChunkIsAnErrorAfterPipelinedEndOfData() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-CHUNKING\n",
                line -> line.endsWith("LAST") ? "550 content rejected" : null))) {
            TransportResult r = deliver(to(s), TestMessage.of("hello\n"), A, B);
            // Exim 4.96: "** a@x.example ... SMTP error from remote mail server after pipelined end of data: ..."
            assertEquals(new Outcome.Failed("SMTP error from remote mail server after pipelined end of data: "
                    + "550 content rejected"), r.outcome(A).orElseThrow());
        }
    }

    @Test
    void everyRcptRefusedStillHasItsChunkAnswered() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-CHUNKING\n",
                line -> line.startsWith("RCPT") ? "550 no such user" : line.startsWith("BDAT") ? "554 no valid recipients"
                        : line.startsWith("RSET") ? "250 reset" : null))) {
            TransportResult r = deliver(to(s), TestMessage.of("hello\n"), A);
            assertEquals(new Outcome.Failed("SMTP error from remote mail server after RCPT TO:<a@example.net>: "
                    + "550 no such user"), r.outcome(A).orElseThrow());
            assertEquals("QUIT", s.commandsAfterQuit().get(s.commands.size() - 1));
        }
    }

    @Test
    void prdrGivesEachRecipientItsOwnReply() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-PRDR\n",
                line -> line.equals(".") ? "353 PRDR content analysis beginning\n250 r1 ok\n550 r2 no\n250 overall"
                        : null))) {
            TransportResult r = deliver(to(s), TestMessage.of("hello\n"), A, B);
            assertEquals("MAIL FROM:<sender@example.com> PRDR", s.commandsAfterQuit().get(1));
            // As Exim logs it: C="250 r1 ok\\n250 overall", and "PRDR error after DATA: 550 r2 no".
            assertEquals(new Outcome.Delivered("250 r1 ok\\n250 overall"), r.outcome(A).orElseThrow());
            assertEquals(Set.of(DeliveryFlag.PRDR), r.flags(A));
            assertEquals(new Outcome.Failed("PRDR error after DATA: 550 r2 no"), r.outcome(B).orElseThrow());
        }
    }

    @Test
    void prdrIsNotAskedForOneRecipient() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-PRDR\n", none()))) {
            TransportResult r = deliver(to(s), TestMessage.of("hello\n"), A);
            assertEquals("MAIL FROM:<sender@example.com>", s.commandsAfterQuit().get(1));
            assertEquals(Set.of(), r.flags(A));
        }
    }

    @Test
    void aPrdrServerThatAnswersPlainlyDeliversEveryone() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("250-PRDR\n", none()))) {
            TransportResult r = deliver(to(s), TestMessage.of("hello\n"), A, B);
            assertEquals(new Outcome.Delivered("250 OK"), r.outcome(B).orElseThrow());
            assertEquals(Set.of(), r.flags(B));
        }
    }

    @Test
    void theTransactionsAfterTheFirstThatMaxRcptMakesAreFlaggedContinued() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("", none()))) {
            TransportResult r = deliver(to(s, "max_rcpt", "1"), TestMessage.of("hello\n"), A, B);
            assertEquals(Set.of(), r.flags(A));
            assertEquals(Set.of(DeliveryFlag.CONTINUED_TRANSACTION, DeliveryFlag.FIRST_IN_TRANSACTION), r.flags(B));
        }
    }

    @Test
    void afterARcptTimeoutTheAddressesAfterItHaveNoHost() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", server("", line -> line.startsWith("RCPT TO:<a") ? "HANG"
                : null))) {
            TransportResult r = deliver(to(s, "hosts_avoid_pipelining", "*", "command_timeout", "1s"),
                    TestMessage.of("hello\n"), A, B);
            assertTrue(r.outcome(A).orElseThrow() instanceof Outcome.Deferred);
            assertEquals(Set.of(), r.flags(A));
            assertEquals(Set.of(DeliveryFlag.NO_HOST), r.flags(B));
        }
    }
}
