package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.B;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.esmtp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * The seed's three classes of error in outgoing SMTP (host, message, recipient) and their
 * special cases, at each stage of the dialogue: what each does to every address's outcome
 * (retry key, error class), to the host, and which line goes to the main log. The texts
 * are those Exim 4.96 (exim-reference, -odi, a manualroute to the same scripted replies)
 * wrote in its main log; "Connection timed out" after a timeout is Exim's strerror.
 */
class ErrorClassesTest {
    private static final TestMessage MESSAGE = TestMessage.of("x\n");
    private static final String SIZE = " SIZE=" + (MESSAGE.size() + 1024);
    private static final String MAIL = "MAIL FROM:<sender@example.com>" + SIZE;

    /** One delivery of MESSAGE to a and b through a scripted server; its log lines are kept. */
    private record Run(TransportResult result, TestDelivery delivery, ScriptedServer server) {
        Outcome a() {
            return result.outcome(A).orElseThrow();
        }

        Outcome b() {
            return result.outcome(B).orElseThrow();
        }

        HostAttempt host() {
            return result.hosts().get(0);
        }

        String hostKey() {
            return "T:127.0.0.1:127.0.0.1:" + server.port();
        }

        String messageKey() {
            return hostKey() + ":" + MESSAGE.id();
        }
    }

    private static Run run(String greeting, Function<String, String> answer, String... options) throws Exception {
        return run(new ScriptedServer(greeting, answer), options);
    }

    private static Run run(ScriptedServer s, String... options) throws Exception {
        try (s) {
            List<String> settings = new ArrayList<>(List.of("hosts", "127.0.0.1", "port", Integer.toString(s.port()),
                    "allow_localhost", "true", "command_timeout", "1s", "data_timeout", "1s", "final_timeout", "1s"));
            settings.addAll(List.of(options));
            TestDelivery d = new TestDelivery(MESSAGE, List.of(A, B), List.of(),
                    new TestExpander(Map.of("primary_hostname", "client.example")));
            TransportResult r = SmtpTransportTest.transport(settings.toArray(new String[0])).deliver(d);
            return new Run(r, d, s);
        }
    }

    private static Function<String, String> replying(String... pairs) {
        Map<String, String> special = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            special.put(pairs[i], pairs[i + 1]);
        }
        return line -> {
            for (Map.Entry<String, String> e : special.entrySet()) {
                if (line.startsWith(e.getKey())) {
                    return e.getValue();
                }
            }
            return esmtp(Map.of()).apply(line);
        };
    }

    private static void assertHostError(Run r, String message, ErrorClass errorClass, String logSuffix) {
        assertEquals(new HostAttempt.Failed(r.host().host(), r.hostKey(), message, errorClass), r.host());
        Outcome expected = new Outcome.Deferred(r.hostKey(), message, errorClass, 0);
        assertEquals(expected, r.a());
        assertEquals(expected, r.b());
        assertEquals(List.of("H=127.0.0.1 [127.0.0.1]: " + message + logSuffix), r.delivery().logs());
    }

    private static void assertMessageError(Run r, String message, ErrorClass errorClass, int code, String logSuffix) {
        assertInstanceOf(HostAttempt.Used.class, r.host(), "a message error leaves the host alone");
        Outcome expected = new Outcome.Deferred(r.messageKey(), message, errorClass, code);
        assertEquals(expected, r.a());
        assertEquals(expected, r.b());
        assertEquals(List.of("H=127.0.0.1 [127.0.0.1]: " + message + logSuffix), r.delivery().logs());
    }

    // Host errors.

    @Test
    void aTemporaryGreetingDefersEveryAddressUnderTheHostKey() throws Exception {
        Run r = run("421 busy", replying());
        assertEquals(new HostAttempt.Failed(r.host().host(), r.hostKey(),
                "SMTP error from remote mail server after initial connection: 421 busy", ErrorClass.OTHER), r.host());
        assertEquals(new Outcome.Deferred(r.hostKey(),
                "SMTP error from remote mail server after initial connection: 421 busy", ErrorClass.OTHER, 421), r.a());
        assertEquals(List.of("H=127.0.0.1 [127.0.0.1]: SMTP error from remote mail server after initial connection: "
                + "421 busy"), r.delivery().logs());
        assertEquals(List.of("QUIT"), r.server().commandsAfterQuit());
    }

    @Test
    void aPermanentGreetingFailsEveryAddressAtTheLastHost() throws Exception {
        Run r = run("554 go away", replying());
        Outcome failed = new Outcome.Failed("SMTP error from remote mail server after initial connection: 554 go away");
        assertEquals(failed, r.a());
        assertEquals(failed, r.b());
        assertInstanceOf(HostAttempt.Failed.class, r.host());
    }

    @Test
    void aPermanentGreetingOnlyDefersWhenAnotherHostFollows() throws Exception {
        try (ScriptedServer bad = new ScriptedServer("554 go away", replying());
                ScriptedServer good = new ScriptedServer("220 ok", replying())) {
            TestDelivery d = new TestDelivery(MESSAGE, List.of(A), List.of(),
                    new TestExpander(Map.of("primary_hostname", "client.example")));
            TransportResult r = SmtpTransportTest.transport("hosts", "127.0.0.1::" + bad.port() + " : 127.0.0.1::"
                    + good.port(), "allow_localhost", "true").deliver(d);
            assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(1));
            assertEquals(new Outcome.Delivered("250 2.0.0 Ok: queued as X1"), r.outcome(A).orElseThrow());
        }
    }

    @Test
    void aPermanentHeloRefusalFailsEveryAddressAtTheLastHost() throws Exception {
        Run r = run("220 hi", replying("EHLO", "550 no", "HELO", "550 no helo"));
        assertEquals(new Outcome.Failed("SMTP error from remote mail server after HELO client.example: 550 no helo"),
                r.a());
        assertEquals(List.of("EHLO client.example", "HELO client.example", "QUIT"), r.server().commandsAfterQuit());
    }

    @Test
    void silenceAfterConnectingIsATimeoutAtTheGreeting() throws Exception {
        assertHostError(run(null, replying()), "SMTP timeout after initial connection", ErrorClass.TIMEOUT,
                ": Connection timed out");
    }

    @Test
    void aConnectionDroppedAtEachStageBeforeTheDotIsAHostError() throws Exception {
        assertHostError(run("CLOSE", replying()), "Remote host closed connection in response to initial connection",
                ErrorClass.LOST_CONNECTION, "");
        assertHostError(run("220 hi", replying("EHLO", "CLOSE")),
                "Remote host closed connection in response to EHLO client.example", ErrorClass.LOST_CONNECTION, "");
        assertHostError(run("220 hi", replying("MAIL", "CLOSE")),
                "Remote host closed connection in response to pipelined " + MAIL, ErrorClass.LOST_CONNECTION, "");
        assertHostError(run("220 hi", replying("RCPT TO:<b@", "CLOSE")),
                "Remote host closed connection in response to pipelined RCPT TO:<b@example.net>",
                ErrorClass.LOST_CONNECTION, "");
        assertHostError(run("220 hi", replying("DATA", "CLOSE")),
                "Remote host closed connection in response to pipelined DATA", ErrorClass.LOST_CONNECTION, "");
    }

    @Test
    void aTimeoutAfterDataIsAHostError() throws Exception {
        Run r = run("220 hi", replying("DATA", null));
        assertHostError(r, "SMTP timeout after pipelined DATA", ErrorClass.TIMEOUT, ": Connection timed out");
        assertFalse(r.server().commandsAfterQuit().contains("QUIT"), "no QUIT after a timeout");
    }

    // Message errors.

    @Test
    void aTemporaryReplyToMailDefersUnderTheHostAndMessageKey() throws Exception {
        Run r = run("220 hi", replying("MAIL", "452 4.3.1 insufficient storage", "RCPT", "503 no MAIL",
                "DATA", "503 no MAIL"));
        assertMessageError(r, "SMTP error from remote mail server after pipelined " + MAIL
                + ": 452 4.3.1 insufficient storage", ErrorClass.MAIL_4XX, 452, "");
    }

    @Test
    void aTimeoutAfterMailIsAMessageError() throws Exception {
        Run r = run("220 hi", replying("MAIL", null));
        assertMessageError(r, "SMTP timeout after pipelined " + MAIL, ErrorClass.TIMEOUT, 0,
                ": Connection timed out");
        assertFalse(r.server().commandsAfterQuit().contains("QUIT"), "no QUIT after a timeout");
    }

    @Test
    void aNegativeReplyToDataIsAMessageError() throws Exception {
        assertMessageError(run("220 hi", replying("DATA", "451 later")),
                "SMTP error from remote mail server after pipelined DATA: 451 later", ErrorClass.DATA_4XX, 451, "");
        Run r = run("220 hi", replying("DATA", "554 5.7.1 no"));
        Outcome failed = new Outcome.Failed("SMTP error from remote mail server after pipelined DATA: 554 5.7.1 no");
        assertEquals(failed, r.a());
        assertEquals(failed, r.b());
        assertEquals(List.of(), r.delivery().logs(), "a permanent message error is logged with the addresses");
    }

    @Test
    void aNegativeReplyToTheDotIsAMessageError() throws Exception {
        assertMessageError(run("220 hi", replying(".", "451 later")),
                "SMTP error from remote mail server after end of data: 451 later", ErrorClass.DATA_4XX, 451, "");
        Run r = run("220 hi", replying(".", "550 5.7.1 spam"));
        assertEquals(new Outcome.Failed("SMTP error from remote mail server after end of data: 550 5.7.1 spam"), r.a());
        assertEquals(new Outcome.Failed("SMTP error from remote mail server after end of data: 550 5.7.1 spam"), r.b());
        assertInstanceOf(HostAttempt.Used.class, r.host());
    }

    @Test
    void aConnectionDroppedAfterTheDotIsAMessageError() throws Exception {
        assertMessageError(run("220 hi", replying(".", "CLOSE")),
                "Remote host closed connection in response to end of data", ErrorClass.LOST_CONNECTION, 0, "");
    }

    @Test
    void aTimeoutAfterTheDotIsAMessageErrorAndFinalTimeoutIsItsLimit() throws Exception {
        long start = System.nanoTime();
        // command_timeout is long: only final_timeout can end the wait for the dot's reply.
        Run r = run("220 hi", replying(".", null), "command_timeout", "30s", "final_timeout", "1s");
        long millis = (System.nanoTime() - start) / 1_000_000;
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.a());
        assertEquals(r.messageKey(), d.retryKey());
        assertEquals(ErrorClass.TIMEOUT, d.errorClass());
        assertTrue(d.message().matches("SMTP timeout after end of data \\(\\d+ bytes written\\)"), d.message());
        assertEquals(List.of("H=127.0.0.1 [127.0.0.1]: " + d.message() + ": Connection timed out"),
                r.delivery().logs());
        assertTrue(millis >= 900 && millis < 10_000, "took " + millis + " ms");
    }

    // Recipient errors.

    @Test
    void aTimeoutAfterRcptDefersThatAddressUnderItsKeyAndTheOthersWithNone() throws Exception {
        Run r = run("220 hi", replying("RCPT TO:<a@", null));
        String text = "SMTP timeout after RCPT TO:<a@example.net>";
        assertEquals(new Outcome.Deferred("R:a@example.net", text, ErrorClass.TIMEOUT, 0), r.a());
        assertEquals(new Outcome.Deferred("", text, ErrorClass.TIMEOUT, 0), r.b());
        assertInstanceOf(HostAttempt.Used.class, r.host(), "the host is not blamed");
        assertEquals(List.of(), r.delivery().logs());
        assertFalse(r.server().commandsAfterQuit().contains("QUIT"), "the session cannot go on");
        assertEquals("", r.server().data.toString());
    }

    @Test
    void aTimeoutAfterALaterRcptKeepsTheEarlierAcceptedAddressUndelivered() throws Exception {
        Run r = run("220 hi", replying("RCPT TO:<b@", null), "hosts_avoid_pipelining", "*");
        String text = "SMTP timeout after RCPT TO:<b@example.net>";
        assertEquals(new Outcome.Deferred("", text, ErrorClass.TIMEOUT, 0), r.a());
        assertEquals(new Outcome.Deferred("R:b@example.net", text, ErrorClass.TIMEOUT, 0), r.b());
    }

    @Test
    void dataTimeoutLimitsEachBlockOfTheMessage() throws Exception {
        // A server that takes DATA and then reads nothing more: the socket buffers fill up.
        TestMessage big = new TestMessage("sender@example.com", "Subject: big\n\n" + "x".repeat(998) + "\n", 20_000);
        try (ScriptedServer s = new ScriptedServer("220 hi", replying("DATA", "354 go", ".", "250 ok")) {
            @Override
            boolean readsData() {
                return false;
            }
        }) {
            TestDelivery d = new TestDelivery(big, List.of(A), List.of(),
                    new TestExpander(Map.of("primary_hostname", "client.example")));
            long start = System.nanoTime();
            TransportResult r = SmtpTransportTest.transport("hosts", "127.0.0.1", "port",
                    Integer.toString(s.port()), "allow_localhost", "true", "command_timeout", "30s", "data_timeout",
                    "1s").deliver(d);
            long millis = (System.nanoTime() - start) / 1_000_000;
            HostAttempt.Failed f = assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
            assertEquals(ErrorClass.TIMEOUT, f.errorClass());
            assertTrue(f.message().matches("SMTP timeout after sending data block \\(\\d+ bytes written\\)"),
                    f.message());
            assertTrue(millis < 10_000, "took " + millis + " ms");
        }
    }

    // Whatever the class, the addresses still undelivered go on to the next host in this run.

    private static TransportResult twoHosts(ScriptedServer first, ScriptedServer second) throws Exception {
        TestDelivery d = new TestDelivery(MESSAGE, List.of(A, B), List.of(),
                new TestExpander(Map.of("primary_hostname", "client.example")));
        return SmtpTransportTest.transport("hosts", "127.0.0.1::" + first.port() + " : 127.0.0.1::" + second.port(),
                "allow_localhost", "true", "command_timeout", "1s").deliver(d);
    }

    @Test
    void afterAMessageErrorTheNextHostIsTried() throws Exception {
        try (ScriptedServer first = new ScriptedServer("220 one", replying("MAIL", "452 full", "RCPT", "503 no",
                "DATA", "503 no")); ScriptedServer second = new ScriptedServer("220 two", replying())) {
            TransportResult r = twoHosts(first, second);
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(1));
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertInstanceOf(Outcome.Delivered.class, r.outcome(B).orElseThrow());
        }
    }

    @Test
    void afterARecipientErrorOnlyTheDeferredAddressGoesToTheNextHost() throws Exception {
        try (ScriptedServer first = new ScriptedServer("220 one", replying("RCPT TO:<a@", "451 later"));
                ScriptedServer second = new ScriptedServer("220 two", replying())) {
            TransportResult r = twoHosts(first, second);
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertInstanceOf(Outcome.Delivered.class, r.outcome(B).orElseThrow());
            assertEquals(List.of("RCPT TO:<a@example.net>"), second.commandsAfterQuit().stream()
                    .filter(c -> c.startsWith("RCPT")).toList());
        }
    }
}
