package org.osprey.mta.core.expand;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.osprey.mta.kernel.expand.ExpansionException;

/** The hash operators: md5 (lower-case hex), sha1, sha2/sha256 and sha3 (upper-case hex). */
final class Digests {
    private Digests() {
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + algorithm, e);
        }
    }

    static String md5Operator(Evaluation ev, String name, String arg, String s) {
        return HexFormat.of().formatHex(digest("MD5", ByteStrings.bytes(s)));
    }

    static String sha1Operator(Evaluation ev, String name, String arg, String s) {
        return HexFormat.of().withUpperCase().formatHex(digest("SHA-1", ByteStrings.bytes(s)));
    }

    static String sha2Operator(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        String algorithm = arg == null || arg.equals("256") ? "SHA-256"
                : arg.equals("384") ? "SHA-384" : arg.equals("512") ? "SHA-512" : null;
        if (algorithm == null) {
            throw ExpansionException.error("unrecognised sha2 variant");
        }
        return HexFormat.of().withUpperCase().formatHex(digest(algorithm, ByteStrings.bytes(s)));
    }

    static String sha3Operator(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        String bits = arg == null ? "256" : arg;
        if (!bits.equals("224") && !bits.equals("256") && !bits.equals("384") && !bits.equals("512")) {
            throw ExpansionException.error("unrecognised sha3 variant");
        }
        return HexFormat.of().withUpperCase().formatHex(digest("SHA3-" + bits, ByteStrings.bytes(s)));
    }
}
