package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/**
 * The transport against Postfix's smtp-sink (Debian package postfix, installed by
 * scripts/test from scripts/test-packages): a real ESMTP server with PIPELINING, SIZE
 * and 8BITMIME. Skipped where smtp-sink is not installed.
 */
class SmtpSinkTest {
    private Process sink;
    private int port;

    @BeforeEach
    void startSink() throws Exception {
        Path binary = Path.of("/usr/sbin/smtp-sink");
        Assumptions.assumeTrue(Files.isExecutable(binary), "smtp-sink is not installed (Debian package postfix)");
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("-u", "nobody"));
        }
        command.addAll(List.of("127.0.0.1:" + port, "100"));
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

    @Test
    void aLargeMessageToManyRecipientsGoesInMaxRcptTransactions() throws Exception {
        List<Address> to = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            to.add(Address.of("user" + i, "example.net"));
        }
        // About 6 MB of body, streamed: the transport holds one buffer of it at a time.
        TestMessage m = new TestMessage("sender@example.com",
                "From: sender@example.com\nSubject: big\n\n.leading dot\n8bit: \u00e9t\u00e9 \u2713\n"
                        + "0123456789012345678901234567890123456789012345678901234567890\n", 100_000);
        TransportResult r = SmtpTransportTest.transport("hosts", "127.0.0.1", "port", Integer.toString(port),
                "allow_localhost", "true").deliver(new TestDelivery(m, to, List.of(),
                        new TestExpander(Map.of("primary_hostname", "client.example"))));
        assertEquals(150, r.outcomes().size());
        for (Outcome o : r.outcomes().values()) {
            Outcome.Delivered d = assertInstanceOf(Outcome.Delivered.class, o);
            assertTrue(d.confirmation().startsWith("250 "), d.confirmation());
        }
        assertEquals(1, r.hosts().size());
        assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
    }

    /** smtp-sink offers no STARTTLS: mail goes in clear, and a host in hosts_require_tls is deferred. */
    @Test
    void withoutStartTlsOnOfferTlsIsRequiredInVain() throws Exception {
        TestDelivery delivery = new TestDelivery(TestMessage.of("x\n"), List.of(Address.of("a", "example.net")),
                List.of(), new TestExpander(Map.of("primary_hostname", "client.example")));
        TransportResult clear = SmtpTransportTest.transport("hosts", "127.0.0.1", "port", Integer.toString(port),
                "allow_localhost", "true").deliver(delivery);
        assertInstanceOf(Outcome.Delivered.class, clear.outcomes().values().iterator().next());
        assertNull(assertInstanceOf(HostAttempt.Used.class, clear.hosts().get(0)).tlsCipher());
        TransportResult required = SmtpTransportTest.transport("hosts", "127.0.0.1", "port", Integer.toString(port),
                "allow_localhost", "true", "hosts_require_tls", "127.0.0.1").deliver(delivery);
        Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, required.outcomes().values().iterator().next());
        assertEquals("a TLS session is required, but the server did not offer TLS support", d.message());
        assertEquals(ErrorClass.TLS_REQUIRED, d.errorClass());
    }
}
