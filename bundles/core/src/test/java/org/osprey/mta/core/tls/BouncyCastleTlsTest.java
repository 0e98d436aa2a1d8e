package org.osprey.mta.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.testing.TestCertificates;
import org.osprey.mta.kernel.expand.Expander;

/** The TLS server against Osprey's own client: handshakes, client certificates, cipher policy, setup errors. */
class BouncyCastleTlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void certificates() throws Exception {
        certs = TestCertificates.write(dir.resolve("certs"));
    }

    /** Expands {@code $certs} to the certificates' directory: enough to see that file names are expanded. */
    static final Expander EXPANDER = new Expander() {
        @Override
        public String expand(String template) {
            return template.replace("$certs", certs.directory.toString())
                    .replace("$smtp_active_hostname", "test.example");
        }

        @Override
        public Expander with(Map<String, String> variables) {
            return this;
        }
    };

    static Configuration config(String text) throws Exception {
        Path file = Files.createTempFile(dir, "configure", "");
        Files.writeString(file, text);
        return ConfigLoader.load(file, Map.of(), (kind, name) -> Optional.empty());
    }

    static TlsServer server(String extra) throws Exception {
        return new BouncyCastleTls().server(config("tls_certificate = $certs/server.pem\n"
                + "tls_privatekey = $certs/server.key\ntls_verify_certificates = $certs/ca.pem\n" + extra),
                EXPANDER, Duration.ofSeconds(10));
    }

    /** Accepts one connection, hands it to the server and returns what accept returned (or threw). */
    static TlsConnection handshake(TlsServer server, boolean require, boolean request, ClientSide client)
            throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Object> clientResult = CompletableFuture.supplyAsync(() -> {
                try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                    Object result = client.run(socket);
                    socket.getInputStream().read(); // until the server closes
                    return result;
                } catch (Exception e) {
                    return e;
                }
            });
            try (Socket accepted = listener.accept()) {
                TlsConnection connection = server.accept(accepted, require, request);
                connection.out().write("done\r\n".getBytes());
                connection.out().flush();
                connection.socket().close();
                clientResult.get(10, TimeUnit.SECONDS);
                return connection;
            }
        }
    }

    interface ClientSide {
        Object run(Socket socket) throws Exception;
    }

    static ClientSide client(TlsClient client) {
        return socket -> {
            SSLSocket ssl = client.connect(socket, "localhost");
            return ssl.getInputStream().read();
        };
    }

    @Test
    void tls13WithOspreysClient() throws Exception {
        TlsConnection c = handshake(server(""), false, false, client(TlsClient.trusting(certs.file("ca.pem"))));
        assertEquals("TLS1.3", c.protocol());
        // Bouncy Castle's client puts ChaCha20 first; the server follows the client's order, as GnuTLS does.
        assertEquals("TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__CHACHA20_POLY1305:256", c.cipher());
        assertEquals(256, c.bits());
        assertEquals("localhost", c.sni());
        assertNull(c.peerDn());
        assertFalse(c.peerVerified());
    }

    @Test
    void tls12SuiteNamesAsGnutlsDoes() throws Exception {
        TlsClient client = TlsClient.trusting(certs.file("ca.pem")).restrictedTo(List.of("TLSv1.2"),
                List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
        TlsConnection c = handshake(server(""), false, false, client(client));
        assertEquals("TLS1.2", c.protocol());
        assertEquals("TLS1.2:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_128_CBC__SHA1:128", c.cipher());

        client = TlsClient.trusting(certs.file("ca.pem")).restrictedTo(List.of("TLSv1.2"),
                List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"));
        c = handshake(server("tls_require_ciphers = NORMAL\n"), false, false, client(client));
        assertEquals("TLS1.2:RSA__AES_128_GCM:128", c.cipher());
    }

    @Test
    void verifiedClientCertificate() throws Exception {
        TlsClient client = TlsClient.trusting(certs.file("ca.pem"))
                .withClientCertificate(certs.file("client.pem"), certs.file("client.key"));
        TlsConnection c = handshake(server(""), true, false, client(client));
        assertTrue(c.peerVerified());
        assertEquals("C=GB,O=Example,OU=Mail,CN=client", c.peerDn());
        assertEquals("CN=client,OU=Mail,O=Example,C=GB", c.peerCertificate().getSubjectX500Principal().getName());
    }

    @Test
    void untrustedCertificateIsRecordedWhenOnlyRequested() throws Exception {
        TlsClient client = TlsClient.trusting(certs.file("ca.pem"))
                .withClientCertificate(certs.file("stranger.pem"), certs.file("stranger.key"));
        TlsConnection c = handshake(server(""), false, true, client(client));
        assertFalse(c.peerVerified());
        assertEquals("CN=stranger", c.peerDn());
    }

    @Test
    void untrustedCertificateFailsWhenRequired() throws Exception {
        TlsClient client = TlsClient.trusting(certs.file("ca.pem"))
                .withClientCertificate(certs.file("stranger.pem"), certs.file("stranger.key"));
        TlsException e = assertThrows(TlsException.class, () -> handshake(server(""), true, false, client(client)));
        assertEquals("(certificate verification failed): certificate invalid", e.getMessage());
    }

    @Test
    void missingCertificateFailsWhenRequired() throws Exception {
        TlsException e = assertThrows(TlsException.class, () -> handshake(server(""), true, false,
                client(TlsClient.trusting(certs.file("ca.pem")))));
        assertEquals("(gnutls_handshake): Certificate is required.", e.getMessage());
    }

    @Test
    void noCertificateAskedUnlessRequested() throws Exception {
        TlsClient client = TlsClient.trusting(certs.file("ca.pem"))
                .withClientCertificate(certs.file("client.pem"), certs.file("client.key"));
        TlsConnection c = handshake(server(""), false, false, client(client));
        assertNull(c.peerCertificate());
        assertFalse(c.peerVerified());
    }

    @Test
    void requireCiphersLimitsProtocolAndSuites() throws Exception {
        TlsConnection c = handshake(server("tls_require_ciphers = NORMAL:-VERS-TLS1.3\n"), false, false,
                client(TlsClient.trusting(certs.file("ca.pem"))));
        assertEquals("TLS1.2", c.protocol());
        assertEquals("TLS1.2:ECDHE_X25519__RSA_PSS_RSAE_SHA256__CHACHA20_POLY1305:256", c.cipher());

        TlsClient aes128 = TlsClient.trusting(certs.file("ca.pem")).restrictedTo(List.of("TLSv1.3"),
                List.of("TLS_AES_128_GCM_SHA256"));
        TlsException e = assertThrows(TlsException.class,
                () -> handshake(server("tls_require_ciphers = SECURE256\n"), false, false, client(aes128)));
        assertEquals("(gnutls_handshake): No supported cipher suites have been found.", e.getMessage());
    }

    @Test
    void certificateSetupErrorsInGnutlsWords() throws Exception {
        Path d = certs.directory;
        assertEquals("(cert/key setup: cert=" + d + "/server.pem key=" + d + "/missing.key): Error while reading file.",
                setupError("tls_certificate = $certs/server.pem\ntls_privatekey = $certs/missing.key\n"));
        assertEquals("(cert/key setup: cert=" + d + "/server.pem key=" + d
                + "/client.key): The certificate and the given key do not match.",
                setupError("tls_certificate = $certs/server.pem\ntls_privatekey = $certs/client.key\n"));
        Files.writeString(d.resolve("garbage.pem"), "garbage\n");
        assertEquals("(cert/key setup: cert=" + d + "/garbage.pem key=" + d + "/server.key): Base64 decoding error.",
                setupError("tls_certificate = $certs/garbage.pem\ntls_privatekey = $certs/server.key\n"));
        // Without tls_privatekey the key is looked for in the certificate file.
        assertEquals("(cert/key setup: cert=" + d + "/server.pem key=" + d
                + "/server.pem): The requested data were not available.",
                setupError("tls_certificate = $certs/server.pem\n"));
    }

    @Test
    void keyInTheCertificateFile() throws Exception {
        Path combined = certs.directory.resolve("combined.pem");
        Files.writeString(combined, Files.readString(certs.file("server.pem")) + Files.readString(certs.file("server.key")));
        TlsServer server = new BouncyCastleTls().server(config("tls_certificate = $certs/combined.pem\n"), EXPANDER,
                Duration.ofSeconds(10));
        TlsConnection c = handshake(server, false, false, client(TlsClient.trusting(certs.file("ca.pem"))));
        assertEquals("TLS1.3", c.protocol());
    }

    @Test
    void badPriorityStringIsRefusedAsGnutlsDoes() throws Exception {
        assertEquals("(gnutls_priority_init(NORMAL:+BOGUS) failed at offset 7, \"+BOGUS..\"): The request is invalid.",
                setupError("tls_certificate = $certs/server.pem\ntls_privatekey = $certs/server.key\n"
                        + "tls_require_ciphers = NORMAL:+BOGUS\n"));
        BouncyCastleTls.checkRequireCiphers("SECURE256:-VERS-TLS1.0:%COMPAT:+SIGN-ALL:-GROUP-X25519");
    }

    @Test
    void unsetCertificateMeansEximsSelfSignedOne() throws Exception {
        TlsServer server = new BouncyCastleTls().server(config(""), EXPANDER, Duration.ofSeconds(10));
        CompletableFuture<String> subject = new CompletableFuture<>();
        handshake(server, false, false, socket -> {
            SSLSocket ssl = TlsClient.trustingAll().connect(socket, null);
            subject.complete(((java.security.cert.X509Certificate) ssl.getSession().getPeerCertificates()[0])
                    .getSubjectX500Principal().getName());
            return ssl.getInputStream().read();
        });
        assertEquals("CN=test.example,O=Exim Developers,C=UK", subject.get());
    }

    @Test
    void loadedOnceWhileTheFilesStayTheSame() throws Exception {
        BouncyCastleTls tls = new BouncyCastleTls();
        TlsSettings settings = TlsSettings.expand(config("tls_certificate = $certs/server.pem\n"
                + "tls_privatekey = $certs/server.key\n"), EXPANDER);
        assertSame(tls.load(settings, EXPANDER), tls.load(settings, EXPANDER));
    }

    @Test
    void handshakeTimesOut() throws Exception {
        TlsServer server = new BouncyCastleTls().server(config("tls_certificate = $certs/server.pem\n"
                + "tls_privatekey = $certs/server.key\n"), EXPANDER, Duration.ofMillis(300));
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket silent = new Socket(listener.getInetAddress(), listener.getLocalPort());
                Socket accepted = listener.accept()) {
            TlsException e = assertThrows(TlsException.class, () -> server.accept(accepted, false, false));
            assertEquals("(gnutls_handshake): timed out", e.getMessage());
        }
    }

    private static String setupError(String config) throws Exception {
        try {
            new BouncyCastleTls().server(config(config), EXPANDER, Duration.ofSeconds(10));
        } catch (IOException e) {
            return e.getMessage();
        }
        return null;
    }
}
