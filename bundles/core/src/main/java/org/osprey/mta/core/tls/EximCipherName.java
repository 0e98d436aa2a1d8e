package org.osprey.mta.core.tls;

import java.math.BigInteger;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.tls.crypto.DHStandardGroups;
import org.osprey.mta.kernel.tls.JsseSuite;

/**
 * {@code $tls_in_cipher} as Exim 4.96 built with GnuTLS 3.7 writes it. Exim takes
 * {@code gnutls_session_get_desc()}, such as
 * {@code (TLS1.3)-(ECDHE-X25519)-(RSA-PSS-RSAE-SHA256)-(AES-256-GCM)}, keeps the version, joins
 * the other groups with {@code __}, turns {@code -} into {@code _} and appends the key size:
 * {@code TLS1.3:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM:256}. TLS 1.2 adds the MAC of
 * non-AEAD ciphers ({@code TLS1.2:ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_128_CBC__SHA1:128}),
 * and RSA key exchange has no group and no signature ({@code TLS1.2:RSA__AES_128_GCM:128}).
 */
final class EximCipherName {
    private static final Map<Integer, String> GROUPS = Map.ofEntries(Map.entry(0x17, "SECP256R1"),
            Map.entry(0x18, "SECP384R1"), Map.entry(0x19, "SECP521R1"), Map.entry(0x1d, "X25519"),
            Map.entry(0x1e, "X448"), Map.entry(0x100, "FFDHE2048"), Map.entry(0x101, "FFDHE3072"),
            Map.entry(0x102, "FFDHE4096"), Map.entry(0x103, "FFDHE6144"), Map.entry(0x104, "FFDHE8192"));
    private static final Map<Integer, String> SIGNATURES = Map.ofEntries(Map.entry(0x0201, "RSA-SHA1"),
            Map.entry(0x0401, "RSA-SHA256"), Map.entry(0x0501, "RSA-SHA384"), Map.entry(0x0601, "RSA-SHA512"),
            Map.entry(0x0203, "ECDSA-SHA1"), Map.entry(0x0403, "ECDSA-SHA256"), Map.entry(0x0503, "ECDSA-SHA384"),
            Map.entry(0x0603, "ECDSA-SHA512"), Map.entry(0x0202, "DSA-SHA1"), Map.entry(0x0402, "DSA-SHA256"),
            Map.entry(0x0804, "RSA-PSS-RSAE-SHA256"), Map.entry(0x0805, "RSA-PSS-RSAE-SHA384"),
            Map.entry(0x0806, "RSA-PSS-RSAE-SHA512"), Map.entry(0x0809, "RSA-PSS-SHA256"),
            Map.entry(0x080a, "RSA-PSS-SHA384"), Map.entry(0x080b, "RSA-PSS-SHA512"),
            Map.entry(0x0807, "EdDSA-Ed25519"), Map.entry(0x0808, "EdDSA-Ed448"));
    /** In TLS 1.3 an ECDSA scheme names its curve, and GnuTLS's name says so. */
    private static final Map<Integer, String> SIGNATURES_13 = Map.of(0x0403, "ECDSA-SECP256R1-SHA256",
            0x0503, "ECDSA-SECP384R1-SHA384", 0x0603, "ECDSA-SECP521R1-SHA512");
    /** Signature schemes by the names Bouncy Castle gives the client's list ({@code getPeerSupportedSignatureAlgorithmsBC}). */
    private static final Map<String, Integer> SCHEME_CODES = Map.ofEntries(
            Map.entry("SHA256withRSAandMGF1:RSA", 0x0804), Map.entry("SHA384withRSAandMGF1:RSA", 0x0805),
            Map.entry("SHA512withRSAandMGF1:RSA", 0x0806), Map.entry("SHA256withRSAandMGF1:RSASSA-PSS", 0x0809),
            Map.entry("SHA384withRSAandMGF1:RSASSA-PSS", 0x080a), Map.entry("SHA512withRSAandMGF1:RSASSA-PSS", 0x080b),
            Map.entry("SHA256withECDSA", 0x0403), Map.entry("SHA384withECDSA", 0x0503),
            Map.entry("SHA512withECDSA", 0x0603), Map.entry("Ed25519", 0x0807), Map.entry("Ed448", 0x0808));

    private EximCipherName() {
    }

    /** Exim's version name for a JSSE protocol name: {@code TLSv1.3} is {@code TLS1.3}, {@code TLSv1} is {@code TLS1.0}. */
    static String version(String jsseProtocol) {
        return jsseProtocol.equals("TLSv1") ? "TLS1.0" : jsseProtocol.replace("TLSv", "TLS");
    }

    /**
     * @param jsseProtocol the session's protocol
     * @param suite the session's cipher suite, taken apart
     * @param observer what the server wrote in clear
     * @param serverKey the public key of the certificate the server sent
     * @param peerSchemes the client's signature schemes in its order (Bouncy Castle's names), for TLS 1.3,
     *        where the scheme used is encrypted: it is the first of them that the key can make,
     *        which is how Bouncy Castle picks it
     */
    static String of(String jsseProtocol, JsseSuite suite, HandshakeObserver observer, PublicKey serverKey,
            String[] peerSchemes) {
        String version = version(jsseProtocol);
        List<String> groups = new ArrayList<>();
        if (suite.tls13()) {
            String group = GROUPS.get(observer.keyShareGroup());
            if (group != null) {
                groups.add((group.startsWith("FFDHE") ? "DHE-" : "ECDHE-") + group);
            }
            String signature = signature13(serverKey, peerSchemes);
            if (signature != null) {
                groups.add(signature);
            }
        } else if (suite.kx().equals("RSA")) {
            groups.add("RSA");
        } else {
            groups.addAll(keyExchange12(suite, observer.serverKeyExchange(), !version.equals("TLS1.2")));
        }
        groups.add(suite.cipher());
        if (!suite.tls13() && !suite.mac().equals("AEAD")) {
            groups.add(suite.mac());
        }
        return version + ":" + String.join("__", groups).replace('-', '_') + ":" + suite.bits();
    }

    /** The key exchange group and signature of a TLS 1.2 (or older) ServerKeyExchange. */
    private static List<String> keyExchange12(JsseSuite suite, byte[] ske, boolean noSchemeField) {
        String kx = suite.kx().startsWith("ECDHE") ? "ECDHE" : "DHE";
        if (ske == null) {
            return List.of(suite.kx());
        }
        try {
            String group;
            int p;
            if (kx.equals("ECDHE")) {
                group = GROUPS.getOrDefault(HandshakeObserver.u16(ske, 1), "UNKNOWN");
                p = 4 + (ske[3] & 0xff);
            } else {
                int primeLength = HandshakeObserver.u16(ske, 0);
                byte[] prime = java.util.Arrays.copyOfRange(ske, 2, 2 + primeLength);
                group = dhGroup(new BigInteger(1, prime));
                p = 2 + primeLength;
                p += 2 + HandshakeObserver.u16(ske, p); // g
                p += 2 + HandshakeObserver.u16(ske, p); // Ys
            }
            String signature = noSchemeField
                    ? (suite.kx().endsWith("ECDSA") ? "ECDSA-SHA1" : suite.kx().endsWith("DSS") ? "DSA-SHA1" : "RSA-SHA1")
                    : SIGNATURES.getOrDefault(HandshakeObserver.u16(ske, p), "UNKNOWN");
            return List.of(kx + "-" + group, signature);
        } catch (IndexOutOfBoundsException e) {
            return List.of(suite.kx());
        }
    }

    /** GnuTLS calls the RFC 7919 primes by name and any other {@code CUSTOM} with its size. */
    private static String dhGroup(BigInteger prime) {
        Object[][] standard = {{DHStandardGroups.rfc7919_ffdhe2048, "FFDHE2048"},
            {DHStandardGroups.rfc7919_ffdhe3072, "FFDHE3072"}, {DHStandardGroups.rfc7919_ffdhe4096, "FFDHE4096"},
            {DHStandardGroups.rfc7919_ffdhe6144, "FFDHE6144"}, {DHStandardGroups.rfc7919_ffdhe8192, "FFDHE8192"}};
        for (Object[] entry : standard) {
            if (((org.bouncycastle.tls.crypto.DHGroup) entry[0]).getP().equals(prime)) {
                return (String) entry[1];
            }
        }
        return "CUSTOM" + prime.bitLength();
    }

    private static String signature13(PublicKey key, String[] peerSchemes) {
        if (key == null || peerSchemes == null) {
            return null;
        }
        for (String name : peerSchemes) {
            Integer code = SCHEME_CODES.get(name);
            if (code != null && usable13(code, key)) {
                return SIGNATURES_13.getOrDefault(code, SIGNATURES.get(code));
            }
        }
        return null;
    }

    private static boolean usable13(int code, PublicKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> code >= 0x0804 && code <= 0x0806;
            case "RSASSA-PSS" -> code >= 0x0809 && code <= 0x080b;
            case "EC", "ECDSA" -> key instanceof ECPublicKey ec && switch (ec.getParams().getCurve().getField().getFieldSize()) {
                case 256 -> code == 0x0403;
                case 384 -> code == 0x0503;
                case 521 -> code == 0x0603;
                default -> false;
            };
            case "Ed25519" -> code == 0x0807;
            case "Ed448" -> code == 0x0808;
            default -> false;
        };
    }
}
