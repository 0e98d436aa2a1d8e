package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.B;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.esmtp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/** The dialogue with one host: EHLO or HELO, PIPELINING, SIZE, helo_data, LF-only replies, command_timeout. */
class DialogueTest {
    private static final TestMessage MESSAGE = TestMessage.of("x\n");

    private static TransportResult deliver(ScriptedServer s, String... more) throws Exception {
        List<String> settings = new ArrayList<>(List.of("hosts", "127.0.0.1", "port", Integer.toString(s.port()),
                "allow_localhost", "true", "command_timeout", "2s", "final_timeout", "2s"));
        settings.addAll(List.of(more));
        return SmtpTransportTest.transport(settings.toArray(new String[0])).deliver(new TestDelivery(MESSAGE,
                List.of(A, B), List.of(), new TestExpander(Map.of("primary_hostname", "client.example"))));
    }

    @Test
    void pipeliningOfferedSendsMailRcptsAndDataInOneWrite() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", esmtp(Map.of()))) {
            deliver(s);
            s.commandsAfterQuit();
            assertEquals(List.of("MAIL FROM:<sender@example.com> SIZE=" + (MESSAGE.size() + 1024),
                    "RCPT TO:<a@example.net>", "RCPT TO:<b@example.net>"), s.pipelined);
        }
    }

    @Test
    void hostsAvoidPipeliningWaitsForEachReply() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", esmtp(Map.of()))) {
            TransportResult r = deliver(s, "hosts_avoid_pipelining", "127.0.0.1");
            assertInstanceOf(Outcome.Delivered.class, r.outcome(B).orElseThrow());
            s.commandsAfterQuit();
            assertEquals(List.of(), s.pipelined);
        }
    }

    @Test
    void withoutPipeliningOfferedNothingIsPipelinedAndNoSizeWithoutSize() throws Exception {
        Function<String, String> plain = line -> line.startsWith("EHLO") ? "250-hi\n250 8BITMIME"
                : line.equals("DATA") ? "354 go" : "250 OK";
        try (ScriptedServer s = new ScriptedServer("220 hi", plain)) {
            deliver(s);
            assertEquals(List.of("EHLO client.example", "MAIL FROM:<sender@example.com>", "RCPT TO:<a@example.net>",
                    "RCPT TO:<b@example.net>", "DATA", ".", "QUIT"), s.commandsAfterQuit());
            assertEquals(List.of(), s.pipelined);
        }
    }

    @Test
    void sizeAdditionIsAddedToTheMessageSize() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", esmtp(Map.of()))) {
            deliver(s, "size_addition", "0");
            assertEquals("MAIL FROM:<sender@example.com> SIZE=" + MESSAGE.size(), s.commandsAfterQuit().get(1));
        }
    }

    @Test
    void sizeCountsACarriageReturnForEachLineAsEximDoes() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", esmtp(Map.of()))) {
            // Exim's message_size + message_linecount: two header lines (one folded: three) and $body_linecount.
            TestMessage folded = new TestMessage("sender@example.com", "From: sender@example.com\nX-Fold: a\n\tb\n\nx\n", 0);
            SmtpTransportTest.transport("hosts", "127.0.0.1", "port", Integer.toString(s.port()), "allow_localhost",
                    "true").deliver(new TestDelivery(folded, List.of(A), List.of(), new TestExpander(Map.of(
                            "primary_hostname", "client.example", "message_size", "1000", "body_linecount", "4"))));
            assertEquals("MAIL FROM:<sender@example.com> SIZE=" + (1000 + 3 + 4 + 1024), s.commandsAfterQuit().get(1));
        }
    }

    @Test
    void hostsAvoidEsmtpSaysHeloAtOnce() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", esmtp(Map.of()))) {
            TransportResult r = deliver(s, "hosts_avoid_esmtp", "127.0.0.1");
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            List<String> commands = s.commandsAfterQuit();
            assertEquals(List.of("HELO client.example", "MAIL FROM:<sender@example.com>"), commands.subList(0, 2));
            assertEquals(List.of(), s.pipelined, "no EHLO, so no PIPELINING");
        }
    }

    @Test
    void repliesEndingInABareLineFeedAreUnderstood() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220-hi\n220 there", esmtp(Map.of(".", "250-queued\n250 as X2")),
                true)) {
            TransportResult r = deliver(s);
            // As Exim's C= (string_printing of the raw reply): the line break as backslash and n.
            assertEquals(new Outcome.Delivered("250-queued\\n250 as X2"), r.outcome(A).orElseThrow());
            assertEquals(List.of("MAIL FROM:<sender@example.com> SIZE=" + (MESSAGE.size() + 1024),
                    "RCPT TO:<a@example.net>", "RCPT TO:<b@example.net>"), s.pipelined);
        }
    }

    @Test
    void heloDataIsExpandedWithTheHostAndTheSocketOfTheConnection() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 hi", esmtp(Map.of()))) {
            deliver(s, "helo_data", "$host-$host_address-$sending_ip_address-$sending_port");
            String ehlo = s.commandsAfterQuit().get(0);
            assertTrue(ehlo.matches("EHLO 127\\.0\\.0\\.1-127\\.0\\.0\\.1-127\\.0\\.0\\.1-\\d+"), ehlo);
            int port = Integer.parseInt(ehlo.substring(ehlo.lastIndexOf('-') + 1));
            assertTrue(port > 0 && port != s.port(), ehlo);
        }
    }

    @Test
    void commandTimeoutLimitsTheWaitForEachReply() throws Exception {
        Function<String, String> noPipelining = line -> line.startsWith("EHLO") ? "250 hi"
                : line.startsWith("MAIL") ? null : "250 OK";
        try (ScriptedServer s = new ScriptedServer("220 hi", noPipelining)) {
            long start = System.nanoTime();
            // final_timeout is long: only command_timeout can end the wait for MAIL's reply.
            TransportResult r = deliver(s, "command_timeout", "1s", "final_timeout", "60s", "data_timeout", "60s");
            long millis = (System.nanoTime() - start) / 1_000_000;
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals("SMTP timeout after MAIL FROM:<sender@example.com>", d.message());
            assertEquals(ErrorClass.TIMEOUT, d.errorClass());
            assertTrue(millis >= 900 && millis < 10_000, "took " + millis + " ms");
        }
    }
}
