package org.osprey.mta.core.expand;

import java.util.Base64;
import java.util.HexFormat;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code crypteq{plain}{hashed}}: {@code {md5}} and {@code {sha1}} hashes in hex or base64,
 * and {@code {crypt}} (or no prefix) for crypt(3) hashes, checked by {@link UnixCrypt}.
 */
final class CryptEqCondition extends TwoArgs {

    CryptEqCondition(String name, Node first, Node second) {
        super(name, first, second);
    }

    @Override
    boolean decide(Evaluation ev, String plain, String hashed, long na, long nb) throws ExpansionException {
        if (hashed.regionMatches(true, 0, "{md5}", 0, 5)) {
            return compare(Digests.digest("MD5", ByteStrings.bytes(plain)), hashed.substring(5), 24, 32);
        }
        if (hashed.regionMatches(true, 0, "{sha1}", 0, 6)) {
            return compare(Digests.digest("SHA-1", ByteStrings.bytes(plain)), hashed.substring(6), 28, 40);
        }
        String salted = hashed;
        if (hashed.regionMatches(true, 0, "{crypt}", 0, 7)) {
            salted = hashed.substring(7);
        } else if (hashed.regionMatches(true, 0, "{crypt16}", 0, 9)) {
            salted = hashed.substring(9);
        } else if (hashed.startsWith("{")) {
            throw ExpansionException.error("unknown encryption mechanism in \"" + hashed + "\"");
        }
        if (salted.length() < 2) {
            return false;
        }
        String coded = UnixCrypt.crypt(plain, salted);
        return coded != null && coded.equals(salted);
    }

    private static boolean compare(byte[] digest, String coded, int base64Length, int hexLength) {
        if (coded.length() == base64Length) {
            return Base64.getEncoder().encodeToString(digest).equals(coded);
        }
        if (coded.length() == hexLength) {
            return HexFormat.of().formatHex(digest).equalsIgnoreCase(coded);
        }
        return false;
    }
}
