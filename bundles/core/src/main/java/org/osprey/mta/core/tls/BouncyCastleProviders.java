package org.osprey.mta.core.tls;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;

/**
 * The Bouncy Castle providers this package uses, as private instances: they are handed to
 * {@code getInstance} calls and never registered with {@link java.security.Security}, so
 * nothing else in the JVM (Karaf's sshd, other bundles) changes provider because of Osprey.
 */
final class BouncyCastleProviders {
    static final BouncyCastleProvider CRYPTO = new BouncyCastleProvider();
    static final BouncyCastleJsseProvider JSSE = new BouncyCastleJsseProvider(CRYPTO);

    private BouncyCastleProviders() {
    }
}
