package org.osprey.mta.transport.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.A;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.deliver;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.esmtp;
import static org.osprey.mta.transport.smtp.SmtpTransportTest.transport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.testing.TestExpander;
import org.osprey.mta.kernel.transport.ErrorClass;
import org.osprey.mta.kernel.transport.HostAttempt;
import org.osprey.mta.kernel.transport.Outcome;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportResult;

/** STARTTLS and TLS on connect against a scripted server with a self-signed certificate made by openssl. */
class StartTlsTest {
    @TempDir
    static Path dir;
    static Path serverCert;
    static Path otherCert;

    @BeforeAll
    static void certificates() throws Exception {
        serverCert = TlsServer.certificate(dir, "server", "DNS:localhost,IP:127.0.0.1");
        otherCert = TlsServer.certificate(dir, "other", "DNS:localhost,IP:127.0.0.1");
        TlsServer.certificate(dir, "wrong", "DNS:wrong.example");
    }

    static Transport to(int port, String... more) throws Exception {
        List<String> settings = new ArrayList<>(List.of("hosts", "127.0.0.1", "port", Integer.toString(port),
                "allow_localhost", "true", "command_timeout", "5s", "final_timeout", "5s"));
        settings.addAll(List.of(more));
        return transport(settings.toArray(new String[0]));
    }

    static TlsServer server(String startTlsReply) throws Exception {
        return new TlsServer(dir.resolve("server.p12"), false, startTlsReply);
    }

    @Test
    void startsTlsWhenOfferedAndSaysEhloAgain() throws Exception {
        try (TlsServer s = server("220 go ahead")) {
            TransportResult r = deliver(to(s.port()), TestMessage.of("x\n"), A);
            assertEquals(new Outcome.Delivered("250 queued"), r.outcome(A).orElseThrow());
            assertEquals(List.of("EHLO client.example", "STARTTLS", "TLS EHLO client.example",
                    "TLS MAIL FROM:<sender@example.com>", "TLS RCPT TO:<a@example.net>", "TLS DATA", "TLS .",
                    "TLS QUIT"), s.commandsAfterQuit());
            HostAttempt.Used used = assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0));
            assertTrue(used.tlsCipher().matches("TLS1\\.[23]:TLS_\\w+:(128|256)"), used.tlsCipher());
            // tls_try_verify_hosts = * against the system CAs: a self-signed certificate is not verified.
            assertFalse(used.tlsCertificateVerified());
            assertFalse(s.clientCertificate);
            assertNull(s.sni, "no SNI unless tls_sni is set");
        }
        try (TlsServer s = server("220 go ahead")) {
            deliver(to(s.port(), "tls_sni", "mx.$primary_hostname"), TestMessage.of("x\n"), A);
            assertEquals("mx.client.example", s.sni);
        }
    }

    @Test
    void aCertificateFromTlsVerifyCertificatesIsVerifiedWithItsName() throws Exception {
        try (TlsServer s = server("220 go ahead")) {
            TransportResult r = deliver(to(s.port(), "tls_verify_certificates", serverCert.toString(),
                    "tls_verify_hosts", "127.0.0.1"), TestMessage.of("x\n"), A);
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertTrue(assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0)).tlsCertificateVerified());
        }
    }

    @Test
    void aCertificateInTlsCrlIsRevoked() throws Exception {
        TlsServer.revokedCertificate(dir);
        try (TlsServer s = new TlsServer(dir.resolve("revoked.p12"), false, "220 go ahead")) {
            String[] options = {"tls_verify_certificates", dir.resolve("ca.pem").toString(), "tls_verify_hosts",
                "127.0.0.1", "hosts_require_tls", "127.0.0.1"};
            TransportResult r = deliver(to(s.port(), options), TestMessage.of("x\n"), A);
            assertTrue(assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0)).tlsCertificateVerified(),
                    "signed by the trusted CA");
            List<String> more = new ArrayList<>(List.of(options));
            more.addAll(List.of("tls_crl", dir.resolve("crl.pem").toString()));
            r = deliver(to(s.port(), more.toArray(new String[0])), TestMessage.of("x\n"), A);
            assertEquals("TLS session: (certificate verification failed): certificate revoked",
                    assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
        }
    }

    @Test
    void aClientCertificateIsPresented() throws Exception {
        try (TlsServer s = server("220 go ahead")) {
            TransportResult r = deliver(to(s.port(), "tls_certificate", otherCert.toString(), "tls_privatekey",
                    dir.resolve("other-key.pem").toString()), TestMessage.of("x\n"), A);
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertTrue(s.clientCertificate);
        }
    }

    @Test
    void aFailedHandshakeIsRetriedInClearUnlessTheHostRequiresTls() throws Exception {
        try (TlsServer s = server("220 go ahead")) {
            TransportResult r = deliver(to(s.port(), "tls_verify_certificates", otherCert.toString(),
                    "tls_verify_hosts", "127.0.0.1"), TestMessage.of("x\n"), A);
            assertEquals(new Outcome.Delivered("250 queued"), r.outcome(A).orElseThrow());
            List<String> commands = s.commandsAfterQuit();
            assertEquals(List.of("EHLO client.example", "STARTTLS", "EHLO client.example",
                    "MAIL FROM:<sender@example.com>", "RCPT TO:<a@example.net>", "DATA", ".", "QUIT"), commands);
            assertNull(assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0)).tlsCipher());
        }
        try (TlsServer s = server("220 go ahead")) {
            TransportResult r = deliver(to(s.port(), "tls_verify_certificates", otherCert.toString(),
                    "tls_verify_hosts", "127.0.0.1", "hosts_require_tls", "127.0.0.1"), TestMessage.of("x\n"), A);
            assertEquals(new Outcome.Deferred("T:127.0.0.1:127.0.0.1:" + s.port(),
                    "TLS session: (certificate verification failed): certificate invalid", ErrorClass.OTHER, 0),
                    r.outcome(A).orElseThrow());
            assertInstanceOf(HostAttempt.Failed.class, r.hosts().get(0));
        }
    }

    @Test
    void noTryClearDefersOnAFailedHandshake() throws Exception {
        try (TlsServer s = server("220 go ahead")) {
            TransportResult r = deliver(to(s.port(), "tls_verify_certificates", otherCert.toString(),
                    "tls_verify_hosts", "127.0.0.1", "tls_tempfail_tryclear", "false"), TestMessage.of("x\n"), A);
            assertEquals("TLS session: (certificate verification failed): certificate invalid",
                    assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
        }
    }

    @Test
    void aCertificateForAnotherNameFailsVerificationUnlessNamesAreNotChecked() throws Exception {
        try (TlsServer s = new TlsServer(dir.resolve("wrong.p12"), false, "220 go ahead")) {
            String[] options = {"tls_verify_certificates", dir.resolve("wrong-cert.pem").toString(),
                "tls_verify_hosts", "127.0.0.1", "hosts_require_tls", "127.0.0.1"};
            assertEquals("TLS session: (certificate verification failed)", assertInstanceOf(Outcome.Deferred.class,
                    deliver(to(s.port(), options), TestMessage.of("x\n"), A).outcome(A).orElseThrow()).message());
            List<String> more = new ArrayList<>(List.of(options));
            more.addAll(List.of("tls_verify_cert_hostnames", ""));
            TransportResult r = deliver(to(s.port(), more.toArray(new String[0])), TestMessage.of("x\n"), A);
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertTrue(assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0)).tlsCertificateVerified());
        }
    }

    @Test
    void aRefusedStartTlsContinuesInClearButA4xxDefersWithoutTryClear() throws Exception {
        try (TlsServer s = server("454 4.7.0 TLS not available")) {
            assertInstanceOf(Outcome.Delivered.class, deliver(to(s.port()), TestMessage.of("x\n"), A)
                    .outcome(A).orElseThrow());
            assertEquals(List.of("EHLO client.example", "STARTTLS", "MAIL FROM:<sender@example.com>"),
                    s.commandsAfterQuit().subList(0, 3));
        }
        try (TlsServer s = server("454 4.7.0 TLS not available")) {
            Outcome o = deliver(to(s.port(), "tls_tempfail_tryclear", "false"), TestMessage.of("x\n"), A)
                    .outcome(A).orElseThrow();
            assertEquals("SMTP error from remote mail server after STARTTLS: 454 4.7.0 TLS not available",
                    assertInstanceOf(Outcome.Deferred.class, o).message());
        }
        try (TlsServer s = server("454 4.7.0 TLS not available")) {
            Outcome o = deliver(to(s.port(), "hosts_require_tls", "127.0.0.1"), TestMessage.of("x\n"), A)
                    .outcome(A).orElseThrow();
            assertEquals(new Outcome.Deferred("T:127.0.0.1:127.0.0.1:" + s.port(),
                    "a TLS session is required, but an attempt to start TLS failed", ErrorClass.TLS_REQUIRED, 0), o);
        }
    }

    @Test
    void hostsAvoidTlsSendsNoStartTls() throws Exception {
        try (TlsServer s = server("220 go ahead")) {
            deliver(to(s.port(), "hosts_avoid_tls", "127.0.0.1"), TestMessage.of("x\n"), A);
            assertEquals(List.of("EHLO client.example", "MAIL FROM:<sender@example.com>"),
                    s.commandsAfterQuit().subList(0, 2));
        }
    }

    @Test
    void aServerWithoutStartTlsIsUsedInClearUnlessTlsIsRequired() throws Exception {
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            assertInstanceOf(Outcome.Delivered.class, deliver(to(s.port()), TestMessage.of("x\n"), A)
                    .outcome(A).orElseThrow());
            TransportResult r = deliver(to(s.port(), "hosts_require_tls", "127.0.0.1"), TestMessage.of("x\n"), A);
            assertEquals(new Outcome.Deferred("T:127.0.0.1:127.0.0.1:" + s.port(),
                    "a TLS session is required, but the server did not offer TLS support", ErrorClass.TLS_REQUIRED, 0),
                    r.outcome(A).orElseThrow());
        }
    }

    @Test
    void protocolSmtpsSpeaksTlsAtOnce() throws Exception {
        try (TlsServer s = new TlsServer(dir.resolve("server.p12"), true, null)) {
            TransportResult r = deliver(to(s.port(), "protocol", "smtps"), TestMessage.of("x\n"), A);
            assertEquals(new Outcome.Delivered("250 queued"), r.outcome(A).orElseThrow());
            assertEquals("TLS EHLO client.example", s.commandsAfterQuit().get(0));
            assertTrue(assertInstanceOf(HostAttempt.Used.class, r.hosts().get(0)).tlsCipher().startsWith("TLS1."));
        }
        // A server in clear: smtps fails, and never falls back to clear.
        try (ScriptedServer s = new ScriptedServer("220 sink ESMTP", esmtp(Map.of()))) {
            TransportResult r = deliver(to(s.port(), "protocol", "smtps", "command_timeout", "1s"),
                    TestMessage.of("x\n"), A);
            assertTrue(assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message()
                    .startsWith("TLS session: "));
            // The server read the ClientHello as a command line; nothing of SMTP was sent in clear.
            assertTrue(s.commands.stream().noneMatch(c -> c.startsWith("EHLO") || c.startsWith("MAIL")), s.commands
                    .toString());
        }
    }

    @Test
    void protocolSmtpsDefaultsToTheSmtpsService() throws Exception {
        OptionValues values = OptionValues.builder(SmtpOptions.TABLE).set("protocol", "smtps")
                .set("hosts", "127.0.0.1").set("allow_localhost", "true").build();
        Path services = dir.resolve("services");
        Files.writeString(services, "smtp 25/tcp mail\n");
        TestDelivery delivery = new TestDelivery(TestMessage.of("x\n"), List.of(A), List.of(),
                new TestExpander(Map.of("primary_hostname", "client.example")));
        TransportResult r = new SmtpTransport(Settings.from("remote_smtp", values), new ServicePorts(services))
                .deliver(delivery);
        assertEquals("TCP port \"smtps\" is not defined for remote_smtp transport",
                assertInstanceOf(Outcome.Deferred.class, r.outcome(A).orElseThrow()).message());
        Files.writeString(services, "submissions 465/tcp ssmtp smtps urd\n");
        r = new SmtpTransport(Settings.from("remote_smtp", values), new ServicePorts(services)).deliver(delivery);
        assertEquals(465, r.hosts().get(0).host().port());
    }

    @Test
    void anUnknownProtocolIsRefused() {
        assertThrows(ConfigurationException.class, () -> transport("protocol", "uucp"));
    }

    @Test
    void theRetryInClearIsLoggedAsEximDoes() throws Exception {
        try (TlsServer s = server("220 go ahead")) {
            TestDelivery d = new TestDelivery(TestMessage.of("x\n"), List.of(A), List.of(),
                    new TestExpander(Map.of("primary_hostname", "client.example")));
            TransportResult r = to(s.port(), "tls_verify_certificates", otherCert.toString(), "tls_verify_hosts",
                    "127.0.0.1").deliver(d);
            assertInstanceOf(Outcome.Delivered.class, r.outcome(A).orElseThrow());
            assertEquals(List.of("TLS session: (certificate verification failed): certificate invalid: "
                    + "delivering unencrypted to H=127.0.0.1 [127.0.0.1] (not in hosts_require_tls)"), d.logs());
        }
    }
}
