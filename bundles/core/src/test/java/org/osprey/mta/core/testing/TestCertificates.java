package org.osprey.mta.core.testing;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for TLS tests, written as PEM files into a directory: {@code ca.pem} (a CA),
 * {@code server.pem}/{@code server.key} (for localhost and 127.0.0.1, signed by the CA),
 * {@code client.pem}/{@code client.key} (subject {@code C=GB,O=Example,OU=Mail,CN=client}),
 * and {@code stranger.pem}/{@code stranger.key} (self-signed, trusted by nobody). Keys are
 * PKCS#8. From the command line: {@code java ... TestCertificates DIR}.
 */
public final class TestCertificates {
    private static final BouncyCastleProvider PROVIDER = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** Where the files are. */
    public final Path directory;

    private TestCertificates(Path directory) {
        this.directory = directory;
    }

    public static void main(String[] args) throws Exception {
        write(Path.of(args[0]));
    }

    /** Writes the set into {@code directory} (created if need be). */
    public static TestCertificates write(Path directory) throws Exception {
        Files.createDirectories(directory);
        KeyPair ca = rsa();
        X500Name caName = new X500Name("O=Example,CN=Osprey Test CA");
        X509Certificate caCertificate = sign(caName, ca.getPublic(), caName, ca.getPrivate(), true, null);
        pem(directory.resolve("ca.pem"), caCertificate);

        KeyPair server = rsa();
        X509Certificate serverCertificate = sign(new X500Name("O=Example,CN=localhost"), server.getPublic(), caName,
                ca.getPrivate(), false, new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName,
                    "localhost"), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        pem(directory.resolve("server.pem"), serverCertificate);
        pem(directory.resolve("server.key"), server.getPrivate());

        KeyPair client = rsa();
        // X500Name's string form lists RDNs in encoding order: C first, as openssl's /C=GB/O=... does.
        X509Certificate clientCertificate = sign(new X500Name("C=GB,O=Example,OU=Mail,CN=client"),
                client.getPublic(), caName, ca.getPrivate(), false, null);
        pem(directory.resolve("client.pem"), clientCertificate);
        pem(directory.resolve("client.key"), client.getPrivate());

        KeyPair stranger = rsa();
        X500Name strangerName = new X500Name("CN=stranger");
        pem(directory.resolve("stranger.pem"),
                sign(strangerName, stranger.getPublic(), strangerName, stranger.getPrivate(), false, null));
        pem(directory.resolve("stranger.key"), stranger.getPrivate());
        return new TestCertificates(directory);
    }

    public Path file(String name) {
        return directory.resolve(name);
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", PROVIDER);
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static X509Certificate sign(X500Name subject, java.security.PublicKey key, X500Name issuer,
            PrivateKey issuerKey, boolean ca, GeneralNames altNames) throws Exception {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(Duration.ofDays(365))), subject, key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (ca) {
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        if (altNames != null) {
            builder.addExtension(Extension.subjectAlternativeName, false, altNames);
        }
        return new JcaX509CertificateConverter().setProvider(PROVIDER)
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").setProvider(PROVIDER)
                        .build(issuerKey)));
    }

    private static void pem(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object instanceof PrivateKey key
                    ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate() : object);
        }
        Files.writeString(file, text.toString());
    }
}
