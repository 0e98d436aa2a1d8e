package org.osprey.mta.core.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osprey.mta.core.tls.TlsConnection;
import org.osprey.mta.core.tls.TlsServer;

/** STARTTLS on a loopback connection, with a JDK TLS server standing in for the TLS helper's, and smtplib as client. */
class SmtpStartTlsTest {
    @TempDir
    Path dir;

    /** A self-signed certificate's key store, made with keytool. */
    private Path keyStore() throws Exception {
        Path ks = dir.resolve("ks.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "mx", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=mx.test.example",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "changeit",
                "-keypass", "changeit").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        return ks;
    }

    private static TlsServer jdkServer(Path ks) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(ks.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return (socket, require, request) -> {
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(socket, null, socket.getPort(), true);
            s.setUseClientMode(false);
            s.startHandshake();
            String protocol = s.getSession().getProtocol().replace("TLSv", "TLS");
            String suite = s.getSession().getCipherSuite();
            return new TlsConnection() {
                @Override
                public Socket socket() {
                    return s;
                }

                @Override
                public InputStream in() {
                    try {
                        return s.getInputStream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public OutputStream out() {
                    try {
                        return s.getOutputStream();
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }

                @Override
                public String cipher() {
                    return protocol + ":" + suite + ":256";
                }

                @Override
                public String protocol() {
                    return protocol;
                }

                @Override
                public int bits() {
                    return 256;
                }

                @Override
                public String peerDn() {
                    return null;
                }

                @Override
                public boolean peerVerified() {
                    return false;
                }

                @Override
                public X509Certificate peerCertificate() {
                    return null;
                }

                @Override
                public String sni() {
                    return null;
                }
            };
        };
    }

    @Test
    void startTlsThenAMessageIsEsmtps() throws Exception {
        SessionFixture f = new SessionFixture(dir, "");
        SmtpService service = f.service(SmtpSessionTest.RELAY).tls(Optional.of(jdkServer(keyStore()))).build();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept()) {
                    SmtpSession.overSocket(service, s, new ClientConnection(
                            (InetSocketAddress) s.getRemoteSocketAddress(), (InetSocketAddress) s.getLocalSocketAddress(),
                            false, null, null, false, false)).run();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            t.start();
            Path script = Files.writeString(dir.resolve("tls.py"), """
                    import smtplib, ssl, sys
                    s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
                    s.ehlo("client.example")
                    print("starttls" in s.esmtp_features)
                    ctx = ssl.create_default_context()
                    ctx.check_hostname = False
                    ctx.verify_mode = ssl.CERT_NONE
                    print(s.starttls(context=ctx))
                    s.ehlo("client.example")
                    print("starttls" in s.esmtp_features)
                    print(s.sendmail("a@b.example", ["u@test.example"], "Subject: tls\\r\\n\\r\\nsecret\\r\\n"))
                    s.quit()
                    """);
            Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(server.getLocalPort()))
                    .redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), output);
            assertEquals("True\n(220, b'TLS go ahead')\nFalse\n{}\n", output);
            t.join(5000);
        }
        String id = f.accepted.get(0).toString();
        String h = f.spoolFile(id + "-H");
        assertTrue(h.contains("\n-received_protocol esmtps\n"), h);
        assertTrue(h.contains("\n-tls_cipher TLS1.3:"), h);
        assertTrue(h.contains(" with esmtps  (TLS1.3) tls TLS_"), h);
        assertTrue(f.mainlog().matches("(?s).* <= a@b.example H=\\(client.example\\) \\[127.0.0.1\\] P=esmtps X=TLS1.3:\\S+ "
                + "CV=no S=.*"), f.mainlog());
    }
}
