package org.osprey.mta.core.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathValidator;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;

/**
 * Checks a client's certificate chain against {@code tls_verify_certificates} (a PEM bundle,
 * a directory of PEM files, or {@code system} for the JDK's trust store) and the CRLs of
 * {@code tls_crl}. As in Exim, the check is made after the handshake and its result is
 * {@code $tls_in_certificate_verified}; it never changes the handshake itself.
 */
final class ClientCertificateVerifier {
    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> advertised;
    private final List<X509CRL> crls;

    private ClientCertificateVerifier(Set<TrustAnchor> anchors, List<X509Certificate> advertised, List<X509CRL> crls) {
        this.anchors = anchors;
        this.advertised = advertised;
        this.crls = crls;
    }

    /** A verifier that trusts nobody: {@code tls_verify_certificates} unset or an empty file. */
    static ClientCertificateVerifier none() {
        return new ClientCertificateVerifier(Set.of(), List.of(), List.of());
    }

    static ClientCertificateVerifier load(String verifyCertificates, String crlFile) throws TlsException {
        if (verifyCertificates == null) {
            return none();
        }
        List<X509Certificate> certificates = new ArrayList<>();
        boolean sendNames = false;
        if (verifyCertificates.equals("system") || verifyCertificates.startsWith("system,")) {
            certificates.addAll(systemTrust());
        } else {
            Path bundle = Path.of(verifyCertificates);
            if (!Files.exists(bundle)) {
                throw new TlsException("tls_verify_certificates",
                        "could not stat '" + verifyCertificates + "': No such file or directory");
            }
            String where = "setting certificate trust";
            if (Files.isDirectory(bundle)) {
                // GnuTLS's trust directory: every file in it; like OpenSSL, no CA names sent.
                try (Stream<Path> files = Files.list(bundle)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        certificates.addAll(ServerCredentials.certificates(ServerCredentials.pemObjects(file, where), where));
                    }
                } catch (IOException e) {
                    throw new TlsException(where, ServerCredentials.FILE_ERROR);
                }
            } else {
                if (size(bundle) == 0) {
                    return none(); // Exim: empty file, no verification, CRL ignored
                }
                certificates.addAll(ServerCredentials.readCertificates(bundle, where));
                sendNames = true;
            }
        }
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate certificate : certificates) {
            anchors.add(new TrustAnchor(certificate, null));
        }
        return new ClientCertificateVerifier(anchors, sendNames ? List.copyOf(certificates) : List.of(),
                crlFile == null ? List.of() : readCrls(crlFile));
    }

    /** The CAs named in the certificate request: those of a bundle file, none for a directory or the system store. */
    X509Certificate[] acceptedIssuers() {
        return advertised.toArray(X509Certificate[]::new);
    }

    /** Whether the chain (the client's certificate first) leads to a trusted CA, unrevoked and in date. */
    boolean verify(X509Certificate[] chain) {
        if (anchors.isEmpty() || chain == null || chain.length == 0) {
            return false;
        }
        try {
            List<X509Certificate> path = new ArrayList<>(Arrays.asList(chain));
            // A chain that ends with its root: the anchor itself is not part of a PKIX path.
            while (path.size() > 1 && isAnchor(path.get(path.size() - 1))) {
                path.remove(path.size() - 1);
            }
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(!crls.isEmpty());
            if (!crls.isEmpty()) {
                parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(crls)));
            }
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private boolean isAnchor(X509Certificate certificate) {
        return anchors.stream().anyMatch(anchor -> certificate.equals(anchor.getTrustedCert()));
    }

    private static List<X509CRL> readCrls(String crlFile) throws TlsException {
        String where = "gnutls_certificate_set_x509_crl_file";
        List<X509CRL> crls = new ArrayList<>();
        for (Object object : ServerCredentials.pemObjects(Path.of(crlFile), where)) {
            if (object instanceof X509CRLHolder holder) {
                try {
                    crls.add(new JcaX509CRLConverter().setProvider(BouncyCastleProviders.CRYPTO).getCRL(holder));
                } catch (GeneralSecurityException e) {
                    throw new TlsException(where, "ASN1 parser: Error in DER parsing.");
                }
            }
        }
        return crls;
    }

    private static long size(Path file) throws TlsException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new TlsException("setting certificate trust", ServerCredentials.FILE_ERROR);
        }
    }

    private static List<X509Certificate> systemTrust() throws TlsException {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            List<X509Certificate> certificates = new ArrayList<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    certificates.addAll(Arrays.asList(x509.getAcceptedIssuers()));
                }
            }
            return certificates;
        } catch (GeneralSecurityException e) {
            throw new TlsException("setting certificate trust", e.getMessage());
        }
    }
}
