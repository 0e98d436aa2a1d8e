package org.osprey.mta.transport.smtp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A scripted ESMTP server on loopback with TLS (the JDK's own provider, so the client's
 * Bouncy Castle meets another implementation): it offers STARTTLS (unless told not to),
 * or speaks TLS at once (smtps). Each received command is kept with a "TLS " prefix when
 * it came encrypted; whether the client presented a certificate is kept too.
 */
final class TlsServer implements AutoCloseable {
    final List<String> commands = Collections.synchronizedList(new ArrayList<>());
    volatile boolean clientCertificate;
    /** The server name the client asked for (SNI), or null. */
    volatile String sni;
    private final ServerSocket server;
    private final SSLContext context;
    private final boolean onConnect;
    private final String startTlsReply;
    /** The only protocol and cipher suite the server accepts, or null for the JDK's defaults. */
    private volatile String[] only;
    /** Whether AUTH PLAIN LOGIN is offered once the session is encrypted. */
    private volatile boolean authUnderTls;

    /** A key and self-signed certificate for {@code san} made by openssl: NAME-cert.pem, NAME-key.pem, NAME.p12. */
    static Path certificate(Path dir, String name, String san) throws Exception {
        Path cert = dir.resolve(name + "-cert.pem");
        Path key = dir.resolve(name + "-key.pem");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-days", "2", "-subj", "/CN=" + name, "-addext",
                "subjectAltName=" + san);
        run(dir, "openssl", "pkcs12", "-export", "-in", cert.toString(), "-inkey", key.toString(), "-out",
                dir.resolve(name + ".p12").toString(), "-passout", "pass:secret");
        return cert;
    }

    /**
     * A CA (ca.pem), a certificate it signed for 127.0.0.1 (revoked.p12) and a CRL that
     * revokes it (crl.pem), made by openssl.
     */
    static void revokedCertificate(Path dir) throws Exception {
        Files.writeString(dir.resolve("index.txt"), "");
        Files.writeString(dir.resolve("ca.cnf"), "[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\n"
                + "default_md = sha256\ndefault_crl_days = 1\n");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName = IP:127.0.0.1\n");
        run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out",
                "ca.pem", "-days", "2", "-subj", "/CN=Test CA");
        run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "revoked-key.pem", "-out",
                "revoked.csr", "-subj", "/CN=revoked");
        run(dir, "openssl", "x509", "-req", "-in", "revoked.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                "-set_serial", "4242", "-days", "2", "-extfile", "san.ext", "-out", "revoked-cert.pem");
        run(dir, "openssl", "ca", "-config", "ca.cnf", "-keyfile", "ca-key.pem", "-cert", "ca.pem", "-revoke",
                "revoked-cert.pem");
        run(dir, "openssl", "ca", "-config", "ca.cnf", "-keyfile", "ca-key.pem", "-cert", "ca.pem", "-gencrl",
                "-out", "crl.pem");
        run(dir, "openssl", "pkcs12", "-export", "-in", "revoked-cert.pem", "-inkey", "revoked-key.pem", "-out",
                "revoked.p12", "-passout", "pass:secret");
    }

    private static void run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    /**
     * @param p12 the server's key and certificate (from {@link #certificate})
     * @param startTlsReply the reply to STARTTLS; null: STARTTLS is not offered
     */
    TlsServer(Path p12, boolean onConnect, String startTlsReply) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "secret".toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "secret".toCharArray());
        context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), new TrustManager[] {new AnyClient()}, null);
        this.onConnect = onConnect;
        this.startTlsReply = startTlsReply;
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread thread = new Thread(this::serve, "tls-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    /** Accepts only {@code suite} over {@code protocol} from now on. */
    TlsServer only(String protocol, String suite) {
        only = new String[] {protocol, suite};
        return this;
    }

    /** Offers AUTH PLAIN LOGIN in the EHLO reply under TLS (never in clear). */
    TlsServer offeringAuthUnderTls() {
        authUnderTls = true;
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    List<String> commandsAfterQuit() throws InterruptedException {
        for (int i = 0; i < 300 && commands.stream().noneMatch(c -> c.endsWith("QUIT")); i++) {
            Thread.sleep(10);
        }
        return commands;
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket plain = server.accept()) {
                Socket s = onConnect ? tls(plain) : plain;
                session(s, onConnect);
            } catch (IOException e) {
                commands.add("DROPPED");
            }
        }
    }

    private SSLSocket tls(Socket plain) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, null, plain.getPort(), true);
        s.setUseClientMode(false);
        s.setWantClientAuth(true);
        String[] restriction = only;
        if (restriction != null) {
            s.setEnabledProtocols(new String[] {restriction[0]});
            s.setEnabledCipherSuites(new String[] {restriction[1]});
        }
        s.startHandshake();
        var names = ((javax.net.ssl.ExtendedSSLSession) s.getSession()).getRequestedServerNames();
        sni = names.isEmpty() ? null : ((javax.net.ssl.SNIHostName) names.get(0)).getAsciiName();
        try {
            clientCertificate = s.getSession().getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            clientCertificate = false;
        }
        return s;
    }

    private void session(Socket s, boolean encrypted) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
        OutputStream out = s.getOutputStream();
        if (!encrypted || onConnect) {
            reply(out, "220 tls.example ESMTP");
        }
        String line;
        while ((line = in.readLine()) != null) {
            commands.add((encrypted ? "TLS " : "") + line);
            if (line.startsWith("EHLO")) {
                reply(out, "250-tls.example\n250-PIPELINING\n" + (startTlsReply != null && !encrypted
                        ? "250-STARTTLS\n" : "") + (authUnderTls && encrypted ? "250-AUTH PLAIN LOGIN\n" : "")
                        + "250 8BITMIME");
            } else if (line.equals("STARTTLS")) {
                reply(out, startTlsReply);
                if (startTlsReply.startsWith("220")) {
                    session(tls(s), true);
                    return;
                }
            } else if (line.equals("DATA")) {
                reply(out, "354 go ahead");
                while ((line = in.readLine()) != null && !line.equals(".")) {
                    // The message itself is of no interest here.
                }
                commands.add((encrypted ? "TLS " : "") + ".");
                reply(out, "250 queued");
            } else if (line.equals("QUIT")) {
                reply(out, "221 bye");
                return;
            } else {
                reply(out, "250 OK");
            }
        }
    }

    private static void reply(OutputStream out, String r) throws IOException {
        out.write((r.replace("\n", "\r\n") + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private static final class AnyClient implements X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
