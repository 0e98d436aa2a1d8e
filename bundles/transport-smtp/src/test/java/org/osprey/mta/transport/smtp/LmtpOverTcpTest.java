package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.B;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * {@code protocol = lmtp} against a scripted LMTP server: LHLO, IGNOREQUOTA, and a reply
 * for each accepted recipient after the dot. The expected commands and texts are those of
 * Exim 4.96 (exim-reference) against the same scripted replies.
 */
class LmtpOverTcpTest {
    private static final TestMessage MESSAGE = TestMessage.of("x\n");

    private static Function<String, String> lmtp(String lhlo, String afterDot) {
        return line -> line.startsWith("LHLO") ? lhlo : line.equals("DATA") ? "354 go ahead"
                : line.equals(".") ? afterDot : "250 OK";
    }

    private static TransportResult result(ScriptedServer s, String... more) throws Exception {
        List<String> settings = new ArrayList<>(List.of("protocol", "lmtp", "hosts", "127.0.0.1", "port",
                Integer.toString(s.port()), "allow_localhost", "true", "command_timeout", "1s", "final_timeout",
                "1s"));
        settings.addAll(List.of(more));
        return SmtpTransportTest.transport(settings.toArray(new String[0])).deliver(new TestDelivery(MESSAGE,
                List.of(A, B), List.of(), new TestExpander(Map.of("primary_hostname", "client.example"))));
    }

    @Test
    void eachRecipientHasItsOwnReplyAfterTheDotAndIgnoreQuotaIsSentWhenOffered() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 lmtp",
                lmtp("250-sink\n250-IGNOREQUOTA\n250 PIPELINING", "250 2.0.0 a ok\n452 4.2.2 b over quota"))) {
            TransportResult r = result(s, "lmtp_ignore_quota", "true");
            assertEquals(new Outcome.Delivered("250 2.0.0 a ok"), r.outcome(A).orElseThrow());
            assertEquals(new Outcome.Deferred("R:b@example.net", "LMTP error after DATA: 452 4.2.2 b over quota",
                    ErrorClass.OTHER, 0), r.outcome(B).orElseThrow());
            assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
            assertEquals(List.of("LHLO client.example", "MAIL FROM:<sender@example.com>",
                    "RCPT TO:<a@example.net> IGNOREQUOTA", "RCPT TO:<b@example.net> IGNOREQUOTA", "DATA", ".", "QUIT"),
                    s.commandsAfterQuit());
        }
    }

    @Test
    void ignoreQuotaNeedsBothTheOptionAndTheOffer() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 lmtp",
                lmtp("250-sink\n250-IGNOREQUOTA\n250 SIZE", "250 ok a\n250 ok b"))) {
            TransportResult r = result(s);
            assertInstanceOf(Outcome.Delivered.class, r.outcome(B).orElseThrow());
            assertEquals(List.of("LHLO client.example", "MAIL FROM:<sender@example.com> SIZE=" + (MESSAGE.size() + 1024),
                    "RCPT TO:<a@example.net>", "RCPT TO:<b@example.net>", "DATA", ".", "QUIT"), s.commandsAfterQuit());
        }
        try (ScriptedServer s = new ScriptedServer("220 lmtp", lmtp("250-sink\n250 PIPELINING", "250 ok a\n250 ok b"))) {
            result(s, "lmtp_ignore_quota", "true");
            assertEquals("RCPT TO:<a@example.net>", s.commandsAfterQuit().get(2));
        }
    }

    @Test
    void aRefusedRecipientAfterTheDotFailsAloneAndNoReplyForTheNextIsATimeout() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 lmtp", lmtp("250 sink", "550 5.1.1 a unknown"))) {
            TransportResult r = result(s);
            assertEquals(new Outcome.Failed("LMTP error after DATA: 550 5.1.1 a unknown"), r.outcome(A).orElseThrow());
            Outcome.Deferred b = assertInstanceOf(Outcome.Deferred.class, r.outcome(B).orElseThrow());
            assertEquals("T:127.0.0.1:127.0.0.1:" + s.port() + ":" + MESSAGE.id(), b.retryKey());
            assertTrue(b.message().matches("SMTP timeout after end of data \\(\\d+ bytes written\\)"), b.message());
            assertEquals(ErrorClass.TIMEOUT, b.errorClass());
        }
    }

    @Test
    void aRefusedLhloFailsAtTheLastHostWithoutTryingHelo() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 lmtp", lmtp("500 what", "250 ok"))) {
            TransportResult r = result(s);
            assertEquals(new Outcome.Failed("SMTP error from remote mail server after LHLO client.example: 500 what"),
                    r.outcome(A).orElseThrow());
            assertEquals(List.of("LHLO client.example", "QUIT"), s.commandsAfterQuit());
        }
    }

    @Test
    void theDefaultPortIsTheLmtpServiceWhichMayBeMissing(@TempDir Path dir) throws Exception {
        OptionValues values = OptionValues.builder(SmtpOptions.TABLE).set("protocol", "lmtp")
                .set("hosts", "127.0.0.1").set("allow_localhost", "true").build();
        Path services = dir.resolve("services");
        Files.writeString(services, "smtp 25/tcp mail\n");
        TestDelivery delivery = new TestDelivery(MESSAGE, List.of(A), List.of(),
                new TestExpander(Map.of("primary_hostname", "client.example")));
        TransportResult r = new SmtpTransport(Settings.from("remote_smtp", values), new ServicePorts(services))
                .deliver(delivery);
        assertEquals("TCP port \"lmtp\" is not defined for remote_smtp transport",
                assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
    }
}
