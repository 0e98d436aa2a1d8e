package org.osprey.mta.kernel.tls;

import java.util.Map;

/**
 * A JSSE cipher suite name taken apart into GnuTLS's names: key exchange ({@code ECDHE-RSA},
 * {@code RSA} ...; null for TLS 1.3 suites), cipher ({@code AES-256-GCM}), MAC ({@code SHA1},
 * or {@code AEAD} for authenticated ciphers) and the cipher's key size in bits.
 */
public record JsseSuite(String kx, String cipher, String mac, int bits) {
    private static final Map<String, String> KX = Map.of("RSA", "RSA", "DHE_RSA", "DHE-RSA", "DHE_DSS", "DHE-DSS",
            "ECDHE_RSA", "ECDHE-RSA", "ECDHE_ECDSA", "ECDHE-ECDSA");
    private static final Map<String, String> MACS = Map.of("SHA", "SHA1", "SHA256", "SHA256", "SHA384", "SHA384",
            "MD5", "MD5");

    /** A TLS 1.3 suite, whose name says nothing of the key exchange. */
    public boolean tls13() {
        return kx == null;
    }

    /** The parts of {@code suite}, or null for a suite GnuTLS has no names for (PSK, anonymous, signalling). */
    public static JsseSuite parse(String suite) {
        if (!suite.startsWith("TLS_")) {
            return null;
        }
        String rest = suite.substring(4);
        int with = rest.indexOf("_WITH_");
        if (with < 0) {
            // TLS 1.3: TLS_AES_256_GCM_SHA384, TLS_CHACHA20_POLY1305_SHA256
            int hash = rest.lastIndexOf('_');
            String cipher = cipher(rest.substring(0, hash));
            return cipher == null || !aead(cipher) ? null : new JsseSuite(null, cipher, "AEAD", bits(cipher));
        }
        String kx = KX.get(rest.substring(0, with));
        String body = rest.substring(with + 6);
        int last = body.lastIndexOf('_');
        if (kx == null || last < 0) {
            return null;
        }
        String cipher = cipher(body.substring(0, last));
        if (cipher == null) {
            return null;
        }
        String mac = aead(cipher) ? "AEAD" : MACS.get(body.substring(last + 1));
        return mac == null ? null : new JsseSuite(kx, cipher, mac, bits(cipher));
    }

    private static String cipher(String jsse) {
        return switch (jsse) {
            case "AES_128_GCM", "AES_256_GCM", "AES_128_CCM", "AES_256_CCM", "AES_128_CCM_8", "AES_256_CCM_8",
                    "AES_128_CBC", "AES_256_CBC", "CHACHA20_POLY1305", "CAMELLIA_128_GCM", "CAMELLIA_256_GCM",
                    "CAMELLIA_128_CBC", "CAMELLIA_256_CBC" -> jsse.replace('_', '-');
            case "3DES_EDE_CBC" -> "3DES-CBC";
            case "RC4_128" -> "ARCFOUR-128";
            case "NULL" -> "NULL";
            default -> null;
        };
    }

    private static boolean aead(String cipher) {
        return cipher.contains("GCM") || cipher.contains("CCM") || cipher.contains("POLY1305");
    }

    private static int bits(String cipher) {
        if (cipher.contains("256") || cipher.startsWith("CHACHA20")) {
            return 256;
        }
        if (cipher.startsWith("3DES")) {
            return 192;
        }
        return cipher.equals("NULL") ? 0 : 128;
    }
}
