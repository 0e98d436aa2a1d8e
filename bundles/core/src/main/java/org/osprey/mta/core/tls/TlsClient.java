package org.osprey.mta.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client side of TLS on Bouncy Castle's JSSE provider, for tests and for the smtp
 * transport: wraps a connected socket (after "220 TLS go ahead", or at once for TLS on
 * connect) and runs the handshake. Trusts either given certificates (CAs or the server's own)
 * or, for opportunistic TLS, anything. Immutable; one instance serves many connections.
 */
public final class TlsClient {
    private final SSLContext context;
    private final KeyManager[] keys;
    private final TrustManager trust;
    private final List<String> protocols;
    private final List<String> cipherSuites;

    private TlsClient(KeyManager[] keys, TrustManager trust, List<String> protocols, List<String> cipherSuites)
            throws TlsException {
        try {
            context = SSLContext.getInstance("TLS", BouncyCastleProviders.JSSE);
            context.init(keys, new TrustManager[] {trust}, null);
        } catch (GeneralSecurityException e) {
            throw new TlsException("TLS client setup", e.getMessage());
        }
        this.keys = keys;
        this.trust = trust;
        this.protocols = List.copyOf(protocols);
        this.cipherSuites = List.copyOf(cipherSuites);
    }

    /** A client that accepts any server certificate (opportunistic TLS; tests). */
    public static TlsClient trustingAll() throws TlsException {
        return new TlsClient(null, new TrustAll(), List.of(), List.of());
    }

    /** A client that trusts the certificates of a PEM file: CAs, or the server's own certificate. */
    public static TlsClient trusting(Path pemFile) throws TlsException {
        return trusting(ServerCredentials.readCertificates(pemFile, "TLS client trust"));
    }

    /** A client that trusts {@code certificates}: CAs, or the server's own certificate. */
    public static TlsClient trusting(List<X509Certificate> certificates) throws TlsException {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("trusted" + i, certificates.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", BouncyCastleProviders.JSSE);
            factory.init(store);
            return new TlsClient(null, factory.getTrustManagers()[0], List.of(), List.of());
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("TLS client trust", e.getMessage());
        }
    }

    /** This client, presenting the certificate (chain) and key of PEM files; the key may be in the certificate file. */
    public TlsClient withClientCertificate(Path certificateFile, Path keyFile) throws TlsException {
        ServerCredentials credentials = ServerCredentials.read(certificateFile.toString(),
                keyFile == null ? null : keyFile.toString());
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            char[] password = "osprey".toCharArray();
            store.setKeyEntry("client", credentials.key(), password,
                    credentials.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance("PKIX", BouncyCastleProviders.JSSE);
            factory.init(store, password);
            return new TlsClient(new KeyManager[] {new AlwaysPresenting((X509ExtendedKeyManager) factory.getKeyManagers()[0])},
                    trust, protocols, cipherSuites);
        } catch (GeneralSecurityException | IOException e) {
            throw new TlsException("TLS client certificate", e.getMessage());
        }
    }

    /** This client, offering only {@code protocols} (JSSE names, {@code TLSv1.2}) and {@code cipherSuites} (empty: the defaults). */
    public TlsClient restrictedTo(List<String> protocols, List<String> cipherSuites) throws TlsException {
        return new TlsClient(keys, trust, protocols, cipherSuites);
    }

    /**
     * Runs the client handshake over {@code socket}.
     *
     * @param serverName the name to send as SNI and check the certificate against when
     *        trusting a CA; null for neither
     */
    public SSLSocket connect(Socket socket, String serverName) throws IOException {
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket,
                serverName != null ? serverName : socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        ssl.setUseClientMode(true);
        SSLParameters parameters = ssl.getSSLParameters();
        if (!protocols.isEmpty()) {
            parameters.setProtocols(protocols.toArray(String[]::new));
        }
        if (!cipherSuites.isEmpty()) {
            parameters.setCipherSuites(cipherSuites.toArray(String[]::new));
        }
        // Set explicitly: JSSE leaves SNI out for a name without a dot, such as localhost.
        parameters.setServerNames(serverName == null ? List.of() : List.of(new SNIHostName(serverName)));
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        return ssl;
    }

    /** Presents the one certificate whatever CAs the server names, as Exim's smtp transport does. */
    private static final class AlwaysPresenting extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager keys;

        AlwaysPresenting(X509ExtendedKeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, Socket socket) {
            return "client";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers, SSLEngine engine) {
            return "client";
        }

        @Override
        public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
            return new String[] {"client"};
        }

        @Override
        public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, java.security.Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public java.security.PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
