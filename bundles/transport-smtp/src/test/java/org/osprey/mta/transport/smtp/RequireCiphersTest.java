package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.deliver;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.TransportResult;

/** tls_require_ciphers (a GnuTLS priority string) against a server that accepts a single suite. */
class RequireCiphersTest {
    static final String SUITE = "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        TlsServer.certificate(dir, "server", "DNS:localhost,IP:127.0.0.1");
    }

    static TlsServer server() throws Exception {
        return new TlsServer(dir.resolve("server.p12"), false, "220 go ahead").only("TLSv1.2", SUITE);
    }

    @Test
    void aPriorityThatAllowsTheSuiteGetsIt() throws Exception {
        try (TlsServer s = server()) {
            TransportResult r = deliver(StartTlsTest.to(s.port(), "tls_require_ciphers", "NORMAL:-VERS-TLS1.3"),
                    TestMessage.of("x\n"), A);
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            HostAttempt.Used used = assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
            assertEquals("TLS1.2:" + SUITE + ":128", used.tlsCipher());
        }
    }

    @Test
    void aPriorityThatExcludesTheSuiteFailsTlsAndGoesOnInClear() throws Exception {
        try (TlsServer s = server()) {
            TransportResult r = deliver(StartTlsTest.to(s.port(), "tls_require_ciphers", "NORMAL:-AES-128-GCM"),
                    TestMessage.of("x\n"), A);
            assertEquals(new Outcome.Delivered("250 queued"), r.outcome(A).orElseThrow());
            assertNull(assertInstanceOf(HostAttempt.Used.class, r.hosts().get(r.hosts().size() - 1)).tlsCipher());
            assertEquals(List.of("EHLO client.example", "STARTTLS", "DROPPED", "EHLO client.example"),
                    s.commandsAfterQuit().subList(0, 4));
        }
    }

    @Test
    void withoutTryclearTheFailedHandshakeDefers() throws Exception {
        try (TlsServer s = server()) {
            TransportResult r = deliver(StartTlsTest.to(s.port(), "tls_require_ciphers", "NORMAL:-ECDHE-RSA",
                    "tls_tempfail_tryclear", "false"), TestMessage.of("x\n"), A);
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertTrue(d.message().startsWith("TLS session: (gnutls_handshake): "), d.message());
        }
    }

    @Test
    void aPriorityGnutlsWouldRefuseFailsTheSession() throws Exception {
        try (TlsServer s = server()) {
            TransportResult r = deliver(StartTlsTest.to(s.port(), "tls_require_ciphers", "NORMAL:+BOGUS",
                    "hosts_require_tls", "127.0.0.1"), TestMessage.of("x\n"), A);
            Outcome.Deferred d = assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow());
            assertEquals("TLS session: (gnutls_priority_init(NORMAL:+BOGUS) failed at offset 7, \"+BOGUS..\"): "
                    + "The request is invalid.", d.message());
        }
    }
}
