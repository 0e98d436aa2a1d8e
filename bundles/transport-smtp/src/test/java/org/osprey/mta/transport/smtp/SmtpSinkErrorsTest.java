package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.B;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * Error classes and the dialogue against Postfix's smtp-sink told to misbehave: -f (5xx),
 * -r (4xx), -q (disconnect), -Q (421 and disconnect), -W (slow), -e (no ESMTP), -L (LMTP).
 * Skipped where smtp-sink is not installed.
 */
class SmtpSinkErrorsTest {
    private static final TestMessage MESSAGE = TestMessage.of("x\n");
    private Process sink;
    private int port;

    private void sink(String... flags) throws Exception {
        Path binary = Path.of("/usr/sbin/smtp-sink");
        Assumptions.assumeTrue(Files.isExecutable(binary), "smtp-sink is not installed (Debian package postfix)");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of(flags));
        command.addAll(List.of("127.0.0.1:" + port, "10"));
        sink = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        for (int i = 0; i < 100; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("smtp-sink did not start");
    }

    @AfterEach
    void stopSink() {
        if (sink != null) {
            sink.destroy();
        }
    }

    private TransportResult deliver(String... more) throws Exception {
        List<String> settings = new ArrayList<>(List.of("hosts", "127.0.0.1", "port", Integer.toString(port),
                "allow_localhost", "true", "command_timeout", "2s", "final_timeout", "1s"));
        settings.addAll(List.of(more));
        return SmtpTransportTest.transport(settings.toArray(new String[0])).deliver(new TestDelivery(MESSAGE,
                List.of(A, B), List.of(), new TestExpander(Map.of("primary_hostname", "client.example"))));
    }

    private String hostKey() {
        return "T:127.0.0.1:127.0.0.1:" + port;
    }

    @Test
    void aHardRejectOfRcptFailsEachRecipient() throws Exception {
        sink("-f", "rcpt");
        TransportResult r = deliver();
        for (Outcome o : r.outcomes().values()) {
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, o);
            assertTrue(f.message().startsWith("SMTP error from remote mail server after RCPT TO:<"), f.message());
            assertTrue(f.message().contains(">: 5"), f.message());
        }
        assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
    }

    @Test
    void aSoftRejectOfMailDefersAsAMessageError() throws Exception {
        sink("-r", "mail");
        TransportResult r = deliver();
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
        assertEquals(hostKey() + ":" + MESSAGE.id(), d.retryKey());
        assertEquals(ErrorClass.MAIL_4XX, d.errorClass());
        assertTrue(d.smtpCode() / 100 == 4, d.toString());
        assertEquals(d, r.outcome(B).orElseThrow());
        assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
    }

    @Test
    void aHardRejectOfTheDotFailsEveryAddress() throws Exception {
        sink("-f", ".");
        TransportResult r = deliver();
        Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, r.outcome(A).orElseThrow());
        assertTrue(f.message().startsWith("SMTP error from remote mail server after end of data: 5"), f.message());
        assertEquals(f, r.outcome(B).orElseThrow());
    }

    @Test
    void aDisconnectAfterTheDotIsAMessageErrorAndAfterDataAHostError() throws Exception {
        sink("-q", ".");
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, deliver().outcome(A).orElseThrow());
        assertEquals(new Outcome.Deferred(hostKey() + ":" + MESSAGE.id(),
                "Remote host closed connection in response to end of data", ErrorClass.LOST_CONNECTION, 0), d);
        stopSink();
        sink("-q", "data");
        TransportResult r = deliver();
        HostAttempt.Failed f = assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
        assertEquals(ErrorClass.LOST_CONNECTION, f.errorClass());
        assertEquals("Remote host closed connection in response to pipelined DATA", f.message());
    }

    @Test
    void a421GreetingIsAHostError() throws Exception {
        sink("-Q", "connect");
        TransportResult r = deliver();
        HostAttempt.Failed f = assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
        assertTrue(f.message().startsWith("SMTP error from remote mail server after initial connection: 421 "),
                f.message());
        assertEquals(hostKey(), assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).retryKey());
    }

    @Test
    void aSlowReplyToTheDotRunsIntoFinalTimeout() throws Exception {
        sink("-W", ".:5");
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, deliver().outcome(A).orElseThrow());
        assertEquals(ErrorClass.TIMEOUT, d.errorClass());
        assertEquals(hostKey() + ":" + MESSAGE.id(), d.retryKey());
        assertTrue(d.message().startsWith("SMTP timeout after end of data ("), d.message());
    }

    @Test
    void withoutEsmtpTheClientFallsBackToHelo() throws Exception {
        sink("-e");
        TransportResult r = deliver();
        assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        assertInstanceOf(Outcome.Delivered.class, r.outcome(B).orElseThrow());
    }

    @Test
    void lmtpGivesEachRecipientItsOwnReply() throws Exception {
        sink("-L");
        TransportResult r = deliver("protocol", "lmtp", "max_rcpt", "1");
        assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
        assertInstanceOf(Outcome.Delivered.class, r.outcome(B).orElseThrow());
        sink.destroy();
        sink("-L", "-f", ".");
        r = deliver("protocol", "lmtp");
        for (Outcome o : r.outcomes().values()) {
            Outcome.Failed f = assertInstanceOf(Outcome.Failed.class, o);
            assertTrue(f.message().startsWith("LMTP error after DATA: 5"), f.message());
        }
    }
}
