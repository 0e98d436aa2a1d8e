package org.osprey.mta.core.tls;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * The server's certificate chain and private key, read from PEM files as GnuTLS's
 * {@code gnutls_certificate_set_x509_key_file} reads them: the certificate file holds the
 * server's certificate first and then its chain; the key file holds one unencrypted key in
 * PKCS#8, PKCS#1 (RSA) or SEC1 (EC) form. Failures carry GnuTLS's own error strings.
 *
 * @param chain the server's certificate first
 * @param key its private key
 */
record ServerCredentials(List<X509Certificate> chain, PrivateKey key) {
    static final String FILE_ERROR = "Error while reading file.";
    static final String BASE64_ERROR = "Base64 decoding error.";
    static final String NO_DATA = "The requested data were not available.";
    static final String KEY_MISMATCH = "The certificate and the given key do not match.";

    ServerCredentials {
        chain = List.copyOf(chain);
    }

    /** Reads {@code certificateFile} and {@code keyFile} (the same file when the key file is null). */
    static ServerCredentials read(String certificateFile, String keyFile) throws TlsException {
        String keyName = keyFile == null ? certificateFile : keyFile;
        String where = "cert/key setup: cert=" + certificateFile + " key=" + keyName;
        List<X509Certificate> chain = readCertificates(Path.of(certificateFile), where);
        PrivateKey key = readKey(Path.of(keyName), where);
        if (!matches(chain.get(0), key)) {
            throw new TlsException(where, KEY_MISMATCH);
        }
        return new ServerCredentials(chain, key);
    }

    /** The certificates of a PEM file, in file order; none is an error, as in GnuTLS. */
    static List<X509Certificate> readCertificates(Path file, String where) throws TlsException {
        List<X509Certificate> certificates = certificates(pemObjects(file, where), where);
        if (certificates.isEmpty()) {
            throw new TlsException(where, BASE64_ERROR);
        }
        return certificates;
    }

    /** The certificates among a PEM file's objects. */
    static List<X509Certificate> certificates(List<Object> pemObjects, String where) throws TlsException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Object object : pemObjects) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(new JcaX509CertificateConverter().setProvider(BouncyCastleProviders.CRYPTO)
                            .getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsException(where, "ASN1 parser: Error in DER parsing.");
                }
            }
        }
        return certificates;
    }

    private static PrivateKey readKey(Path file, String where) throws TlsException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter().setProvider(BouncyCastleProviders.CRYPTO);
        for (Object object : pemObjects(file, where)) {
            try {
                if (object instanceof PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
            } catch (IOException e) {
                throw new TlsException(where, BASE64_ERROR);
            }
            if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                // Exim gives GnuTLS no password either.
                throw new TlsException(where, "Decryption has failed.");
            }
        }
        throw new TlsException(where, NO_DATA);
    }

    static List<Object> pemObjects(Path file, String where) throws TlsException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException | SecurityException e) {
            throw new TlsException(where, FILE_ERROR);
        }
        List<Object> objects = new ArrayList<>();
        try (Reader reader = new java.io.StringReader(new String(content, StandardCharsets.ISO_8859_1));
                PEMParser parser = new PEMParser(reader)) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsException(where, BASE64_ERROR);
        }
        return objects;
    }

    /** Whether the key is the certificate's: a signature made with it verifies with the certificate. */
    private static boolean matches(X509Certificate certificate, PrivateKey key) {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSASSA-PSS" -> "SHA256withRSAandMGF1";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm(); // Ed25519, Ed448
        };
        try {
            byte[] data = new byte[32];
            new SecureRandom().nextBytes(data);
            Signature signer = Signature.getInstance(algorithm, BouncyCastleProviders.CRYPTO);
            signer.initSign(key);
            signer.update(data);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm, BouncyCastleProviders.CRYPTO);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
