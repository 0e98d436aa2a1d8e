package org.osprey.mta.transport.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CRL;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathChecker;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.BCSSLEngine;
import org.bouncycastle.jsse.BCSSLParameters;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.osprey.mta.kernel.tls.GnutlsPriority;
import org.osprey.mta.kernel.tls.InvalidPriorityException;

/**
 * The client side of one TLS session, as Exim's tls_client_start sets it up: the client
 * certificate of tls_certificate and tls_privatekey, the trust of tls_verify_certificates
 * ("system": the JVM's CA store) with the CRLs of tls_crl, SNI from tls_sni. A host in
 * tls_verify_hosts must present a certificate that verifies (with its name checked when
 * it is in tls_verify_cert_hostnames), or the handshake fails; for a host in
 * tls_try_verify_hosts only the result is kept (CV=yes or no); for other hosts nothing is
 * checked. Bouncy Castle's JSSE provider is used through private instances, never
 * registered in {@link java.security.Security}.
 */
final class ClientTls {
    private static final BouncyCastleProvider CRYPTO = new BouncyCastleProvider();
    private static final BouncyCastleJsseProvider JSSE = new BouncyCastleJsseProvider(CRYPTO);

    /** How a host's certificate is checked. */
    enum Verify { NONE, TRY, REQUIRE }

    private final SSLEngine engine;
    private final CheckingTrust trust;
    private final Verify verify;

    /**
     * @param certificate PEM certificate chain, perhaps with the key; null for no client certificate
     * @param privateKey PEM key; null when it is in the certificate file
     * @param verifyCertificates "system", or a PEM file or a directory of them
     * @param crl PEM CRL file or directory, or null
     * @param sni the server name to send, or null
     * @param checkName whether the certificate must carry {@code peerHost}, the host's name
     * @param requireCiphers tls_require_ciphers, a GnuTLS priority string; null leaves JSSE's defaults
     * @throws InvalidPriorityException when GnuTLS would refuse {@code requireCiphers}
     */
    ClientTls(String certificate, String privateKey, String verifyCertificates, String crl, Verify verify,
            String sni, boolean checkName, String peerHost, int peerPort, String requireCiphers)
            throws IOException, GeneralSecurityException, InvalidPriorityException {
        this.verify = verify;
        trust = new CheckingTrust(verify == Verify.NONE || verifyCertificates == null || verifyCertificates.isEmpty()
                ? null : pkix(verifyCertificates, crl));
        KeyManager[] keys = certificate == null || certificate.isEmpty() ? null
                : new KeyManager[] {new OneKey(certificate, privateKey == null || privateKey.isEmpty()
                        ? certificate : privateKey)};
        SSLContext context = SSLContext.getInstance("TLS", JSSE);
        context.init(keys, new TrustManager[] {trust}, null);
        engine = context.createSSLEngine(peerHost, peerPort);
        SSLParameters parameters = engine.getSSLParameters();
        // Explicit, as JSSE would otherwise send the peer name; Exim sends SNI only when tls_sni is set.
        parameters.setServerNames(sni == null || sni.isEmpty() ? List.of() : List.of(new SNIHostName(sni)));
        if (checkName && trust.verifying()) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        engine.setSSLParameters(parameters);
        if (requireCiphers != null) {
            restrict((BCSSLEngine) engine, GnutlsPriority.parse(requireCiphers,
                    List.of(context.getSupportedSSLParameters().getCipherSuites())));
        }
    }

    /** The protocols, suites and groups that tls_require_ciphers allows; none at all fails the handshake. */
    private static void restrict(BCSSLEngine engine, GnutlsPriority.Policy policy) {
        BCSSLParameters parameters = engine.getParameters();
        parameters.setProtocols(policy.protocols().toArray(String[]::new));
        parameters.setCipherSuites(policy.cipherSuites().toArray(String[]::new));
        parameters.setNamedGroups(policy.namedGroups().toArray(String[]::new));
        engine.setParameters(parameters);
    }

    SSLEngine engine() {
        return engine;
    }

    /** Whether the server's certificate was verified (the log's CV=yes). */
    boolean verified() {
        return trust.verified;
    }

    /**
     * Exim's verify_certificate after the handshake: null when the session may be used, else
     * why not, as Exim words it: "(certificate verification failed): certificate invalid"
     * ("certificate revoked"; no detail for a name that does not match).
     */
    String verificationFailure() {
        String failure = trust.failure;
        if (verify != Verify.REQUIRE || trust.verified) {
            return null;
        }
        return "(certificate verification failed)" + (failure == null || failure.isEmpty() ? "" : ": " + failure);
    }

    /**
     * The cipher as Exim writes $tls_out_cipher when built with OpenSSL:
     * {@code TLS1.3:TLS_AES_256_GCM_SHA384:256}.
     */
    static String cipherName(SSLSession session) {
        String suite = session.getCipherSuite();
        String bits = suite.contains("_256") || suite.contains("CHACHA20") ? "256"
                : suite.contains("_128") ? "128" : suite.contains("3DES") ? "168" : "0";
        return session.getProtocol().replace("TLSv", "TLS") + ":" + suite + ":" + bits;
    }

    private static X509ExtendedTrustManager pkix(String verifyCertificates, String crl)
            throws IOException, GeneralSecurityException {
        KeyStore anchors;
        if (verifyCertificates.equals("system")) {
            anchors = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(Path.of(System.getProperty("java.home"), "lib", "security",
                    "cacerts"))) {
                anchors.load(in, null);
            }
        } else {
            anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (Path file : files(verifyCertificates)) {
                try (InputStream in = Files.newInputStream(file)) {
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        anchors.setCertificateEntry("ca" + i++, c);
                    }
                }
            }
        }
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
        parameters.setRevocationEnabled(false);
        if (crl != null && !crl.isEmpty()) {
            List<CRL> crls = new ArrayList<>();
            for (Path file : files(crl)) {
                try (InputStream in = Files.newInputStream(file)) {
                    crls.addAll(CertificateFactory.getInstance("X.509").generateCRLs(in));
                }
            }
            parameters.addCertPathChecker(new CrlChecker(crls));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX", JSSE);
        factory.init(new CertPathTrustManagerParameters(parameters));
        return (X509ExtendedTrustManager) factory.getTrustManagers()[0];
    }

    /** A file, or the regular files of a directory (Exim's CA directory). */
    private static List<Path> files(String name) throws IOException {
        Path path = Path.of(name);
        if (!Files.isDirectory(path)) {
            return List.of(path);
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Fails a certificate listed in one of the CRLs, as GnuTLS does with the CRLs it is given. */
    private static final class CrlChecker extends PKIXCertPathChecker {
        private final List<CRL> crls;

        CrlChecker(List<CRL> crls) {
            this.crls = crls;
        }

        @Override
        public void init(boolean forward) {
        }

        @Override
        public boolean isForwardCheckingSupported() {
            return true;
        }

        @Override
        public Set<String> getSupportedExtensions() {
            return null;
        }

        @Override
        public void check(Certificate cert, Collection<String> unresolvedCritExts) throws CertPathValidatorException {
            for (CRL crl : crls) {
                if (crl.isRevoked(cert)) {
                    throw new CertPathValidatorException("certificate revoked");
                }
            }
        }
    }

    /**
     * Checks the server's certificate when asked to and remembers the result, never stopping
     * the handshake: as Exim with GnuTLS, the verdict is applied after it ("verify late").
     */
    private static final class CheckingTrust extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager pkix;
        private volatile boolean verified;
        private volatile String failure;

        CheckingTrust(X509ExtendedTrustManager pkix) {
            this.pkix = pkix;
        }

        boolean verifying() {
            return pkix != null;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            if (pkix == null) {
                return;
            }
            try {
                pkix.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                failure = revoked(e) ? "certificate revoked" : "certificate invalid";
                return;
            }
            try {
                // With tls_verify_cert_hostnames the engine asks for the name check as well.
                pkix.checkServerTrusted(chain, authType, engine);
                verified = true;
            } catch (CertificateException e) {
                failure = "";
            }
        }

        private static boolean revoked(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t.getMessage() != null && t.getMessage().contains("revoked")) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("only SSLEngine sessions are used");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("only SSLEngine sessions are used");
        }

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
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The one client certificate, presented whatever CAs the server names, as Exim does. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "client";
        private final X509Certificate[] chain;
        private final PrivateKey key;

        OneKey(String certificateFile, String keyFile) throws IOException, GeneralSecurityException {
            List<X509Certificate> certificates = new ArrayList<>();
            PrivateKey found = null;
            for (Object o : pem(certificateFile)) {
                if (o instanceof X509CertificateHolder h) {
                    certificates.add(new JcaX509CertificateConverter().setProvider(CRYPTO).getCertificate(h));
                }
            }
            for (Object o : pem(keyFile)) {
                JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(CRYPTO);
                if (o instanceof PEMKeyPair pair) {
                    found = converter.getKeyPair(pair).getPrivate();
                } else if (o instanceof PrivateKeyInfo info) {
                    found = converter.getPrivateKey(info);
                }
            }
            if (certificates.isEmpty()) {
                throw new CertificateException("no certificate in " + certificateFile);
            }
            if (found == null) {
                throw new GeneralSecurityException("no private key in " + keyFile);
            }
            chain = certificates.toArray(X509Certificate[]::new);
            key = found;
        }

        private static List<Object> pem(String file) throws IOException {
            List<Object> objects = new ArrayList<>();
            try (Reader reader = Files.newBufferedReader(Path.of(file), java.nio.charset.StandardCharsets.US_ASCII);
                    PEMParser parser = new PEMParser(reader)) {
                for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                    objects.add(o);
                }
            }
            return objects;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }
    }
}
