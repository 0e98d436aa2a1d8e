package org.osprey.mta.core.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The certificate Exim serves when {@code tls_certificate} is unset or empty: made on the spot,
 * RSA 2048, subject {@code C=UK, O=Exim Developers, CN=$smtp_active_hostname}, self-signed
 * (tls-gnu.c, tls_install_selfsign). Clients that verify will refuse it; it still encrypts.
 */
final class SelfSignedCertificate {
    /** Exim makes a new one after an hour. */
    static final Duration LIFETIME = Duration.ofHours(1);

    private SelfSignedCertificate() {
    }

    static ServerCredentials create(String hostName) throws TlsException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", BouncyCastleProviders.CRYPTO);
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            var name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "UK")
                    .addRDN(BCStyle.O, "Exim Developers").addRDN(BCStyle.CN, hostName).build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofHours(2))), name,
                    pair.getPublic());
            X509Certificate certificate = new JcaX509CertificateConverter().setProvider(BouncyCastleProviders.CRYPTO)
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA")
                            .setProvider(BouncyCastleProviders.CRYPTO).build(pair.getPrivate())));
            return new ServerCredentials(List.of(certificate), pair.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new TlsException("installing selfsign cert", e.getMessage());
        }
    }
}
