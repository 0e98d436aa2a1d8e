package org.osprey.mta.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Arrays;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.BCSSLSocket;
import org.osprey.mta.kernel.tls.GnutlsPriority;
import org.osprey.mta.kernel.tls.InvalidPriorityException;
import org.osprey.mta.kernel.tls.JsseSuite;

/**
 * The server side of TLS on Bouncy Castle's JSSE provider: one SSL context made from the
 * credentials, the trusted CAs and the cipher policy, and a handshake per call of
 * {@link #accept}. A client's certificate is checked after the handshake, as Exim does, so
 * that {@code tls_try_verify_hosts} clients with unverifiable certificates still get through.
 * Thread-safe; never keeps a connection.
 */
final class BouncyCastleTlsServer {
    private final SSLContext context;
    private final ServerCredentials credentials;
    private final ClientCertificateVerifier verifier;
    private final GnutlsPriority.Policy policy;
    private final ObservingKeyManager keyManager;

    BouncyCastleTlsServer(ServerCredentials credentials, ClientCertificateVerifier verifier, String priority)
            throws TlsException {
        this.credentials = credentials;
        this.verifier = verifier;
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "osprey".toCharArray();
            store.setKeyEntry("server", credentials.key(), password,
                    credentials.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keys = KeyManagerFactory.getInstance("PKIX", BouncyCastleProviders.JSSE);
            keys.init(store, password);
            keyManager = new ObservingKeyManager((X509ExtendedKeyManager) keys.getKeyManagers()[0]);
            context = SSLContext.getInstance("TLS", BouncyCastleProviders.JSSE);
            context.init(new KeyManager[] {keyManager}, new TrustManager[] {new RecordingTrustManager(verifier)},
                    null);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("cert/key setup", e.getMessage());
        }
        try {
            this.policy = GnutlsPriority.parse(priority == null ? GnutlsPriority.DEFAULT : priority,
                    Arrays.asList(context.getSupportedSSLParameters().getCipherSuites()));
        } catch (InvalidPriorityException e) {
            throw new TlsException(e.where(), e.what());
        }
    }

    /** The protocols, suites and groups {@code tls_require_ciphers} allows. */
    GnutlsPriority.Policy policy() {
        return policy;
    }

    /**
     * {@link TlsServer#accept}, with the handshake bounded by {@code timeout}
     * ({@code smtp_receive_timeout} in Exim; zero for none).
     */
    TlsConnection accept(Socket socket, boolean requireClientCertificate, boolean requestClientCertificate,
            Duration timeout) throws IOException {
        HandshakeObserver observer = new HandshakeObserver();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(new ObservedSocket(socket, observer),
                socket.getInetAddress() == null ? null : socket.getInetAddress().getHostAddress(), socket.getPort(),
                true);
        ssl.setUseClientMode(false);
        BCSSLSocket bc = (BCSSLSocket) ssl;
        BCSSLParameters parameters = bc.getParameters();
        parameters.setProtocols(policy.protocols().toArray(String[]::new));
        parameters.setCipherSuites(policy.cipherSuites().toArray(String[]::new));
        parameters.setNamedGroups(policy.namedGroups().toArray(String[]::new));
        parameters.setUseCipherSuitesOrder(policy.serverPrecedence());
        if (requireClientCertificate) {
            parameters.setNeedClientAuth(true);
        } else if (requestClientCertificate) {
            parameters.setWantClientAuth(true);
        }
        bc.setParameters(parameters);

        int previousTimeout = socket.getSoTimeout();
        keyManager.watch(ssl, observer);
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            ssl.startHandshake();
            socket.setSoTimeout(previousTimeout);
        } catch (IOException e) {
            closeQuietly(ssl);
            throw HandshakeFailure.of(e, requireClientCertificate);
        } finally {
            keyManager.forget(ssl);
        }

        SSLSession session = ssl.getSession();
        X509Certificate[] peer = peerCertificates(session);
        boolean verified = peer != null && verifier.verify(peer);
        if (requireClientCertificate && !verified) {
            closeQuietly(ssl);
            throw new TlsException("certificate verification failed", "certificate invalid");
        }
        JsseSuite suite = JsseSuite.parse(session.getCipherSuite());
        String cipher = suite == null ? EximCipherName.version(session.getProtocol()) + ":" + session.getCipherSuite()
                + ":0"
                : EximCipherName.of(session.getProtocol(), suite, observer,
                        credentials.chain().get(0).getPublicKey(), observer.peerSignatureSchemes());
        return new EstablishedTls(ssl, ssl.getInputStream(), ssl.getOutputStream(), cipher,
                EximCipherName.version(session.getProtocol()), suite == null ? 0 : suite.bits(),
                peer == null ? null : PeerDn.of(peer[0]), verified, peer == null ? null : peer[0],
                observer.serverName());
    }

    private static X509Certificate[] peerCertificates(SSLSession session) {
        try {
            return Arrays.stream(session.getPeerCertificates()).map(X509Certificate.class::cast)
                    .toArray(X509Certificate[]::new);
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static void closeQuietly(SSLSocket ssl) {
        try {
            ssl.close();
        } catch (IOException | RuntimeException e) {
            // the connection is being given up anyway
        }
    }

    /**
     * Takes any client certificate during the handshake (the TLS layer still checks that the
     * client holds its key) and names the CAs of {@code tls_verify_certificates} in the request;
     * {@link ClientCertificateVerifier} decides afterwards whether it verified.
     */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final ClientCertificateVerifier verifier;

        RecordingTrustManager(ClientCertificateVerifier verifier) {
            this.verifier = verifier;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server does not check servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return verifier.acceptedIssuers();
        }
    }
}
