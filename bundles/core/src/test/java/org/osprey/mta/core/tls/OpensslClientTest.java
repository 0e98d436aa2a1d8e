package org.osprey.mta.core.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.testing.TestCertificates;

/**
 * The server against the real {@code openssl s_client} (TLS on connect). The expected
 * {@code $tls_in_cipher} and {@code $tls_in_peerdn} strings are those Exim 4.96 (Debian's
 * GnuTLS 3.7.9 build) logged as X= and DN= for the same openssl command lines and an RSA
 * server certificate: run with exim-reference's daemon, {@code openssl s_client -starttls smtp}.
 */
class OpensslClientTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        certs = TestCertificates.write(dir.resolve("certs"));
        BouncyCastleTlsTest.certs = certs;
        BouncyCastleTlsTest.dir = dir;
    }

    private static TlsConnection run(String... opensslArgs) throws Exception {
        TlsServer server = BouncyCastleTlsTest.server("");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect",
                    "127.0.0.1:" + listener.getLocalPort(), "-quiet", "-servername", "localhost"));
            command.addAll(List.of(opensslArgs));
            Process openssl = new ProcessBuilder(command).redirectErrorStream(true).start();
            openssl.getOutputStream().close();
            try (Socket accepted = listener.accept()) {
                TlsConnection connection = server.accept(accepted, false, true);
                connection.out().write("220 done\r\n".getBytes());
                connection.out().flush();
                connection.socket().close();
                assertTrue(openssl.waitFor(10, TimeUnit.SECONDS));
                return connection;
            } finally {
                openssl.destroy();
            }
        }
    }

    @Test
    void tls13Default() throws Exception {
        TlsConnection c = run();
        assertEquals("TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256", c.cipher());
        assertEquals("TLS1.3", c.protocol());
        assertEquals("localhost", c.sni());
    }

    @Test
    void tls13OtherSuitesAndGroups() throws Exception {
        assertEquals("TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_128_GCM:128",
                run("-ciphersuites", "TLS_AES_128_GCM_SHA256").cipher());
        assertEquals("TLS1.3:ECDHE_SECP384R1__RSA_PSS_RSAE_SHA256__AES_256_GCM:256",
                run("-ciphersuites", "TLS_AES_256_GCM_SHA384", "-groups", "P-384").cipher());
        assertEquals("TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__CHACHA20_POLY1305:256",
                run("-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256", "-groups", "X25519").cipher());
    }

    @Test
    void tls12Suites() throws Exception {
        assertEquals("TLS1.2:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_128_GCM:128",
                run("-tls1_2", "-cipher", "ECDHE-RSA-AES128-GCM-SHA256").cipher());
        assertEquals("TLS1.2:ECDHE_X25519__RSA_PSS_RSAE_SHA256__CHACHA20_POLY1305:256",
                run("-tls1_2", "-cipher", "ECDHE-RSA-CHACHA20-POLY1305").cipher());
        assertEquals("TLS1.2:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_128_CBC__SHA1:128",
                run("-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA").cipher());
        assertEquals("TLS1.2:RSA__AES_128_GCM:128", run("-tls1_2", "-cipher", "AES128-GCM-SHA256").cipher());
    }

    @Test
    void clientCertificate() throws Exception {
        TlsConnection c = run("-cert", certs.file("client.pem").toString(), "-key", certs.file("client.key").toString());
        assertEquals("C=GB,O=Example,OU=Mail,CN=client", c.peerDn());
        assertTrue(c.peerVerified());
        c = run("-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384", "-cert", certs.file("client.pem").toString(),
                "-key", certs.file("client.key").toString());
        assertEquals("TLS1.2:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256", c.cipher());
        assertEquals("C=GB,O=Example,OU=Mail,CN=client", c.peerDn());
        assertTrue(c.peerVerified());
    }
}
