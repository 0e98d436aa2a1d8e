package org.osprey.mta.core.expand;

import java.util.HexFormat;
import java.util.List;
import org.osprey.mta.kernel.expand.ExpansionException;

/** Items built on keyed hashes: ${hmac}, ${prvs} (BATV signing) and ${srs_encode}. */
final class DigestItems {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    private DigestItems() {
    }

    static String hmac(Evaluation ev, List<String> args) throws ExpansionException {
        String algorithm = switch (args.get(0)) {
            case "md5" -> "MD5";
            case "sha1" -> "SHA-1";
            default -> throw ExpansionException.error("hmac algorithm \"" + args.get(0) + "\" is not recognised");
        };
        return HexFormat.of().formatHex(hmac(algorithm, ByteStrings.bytes(args.get(1)), ByteStrings.bytes(args.get(2))));
    }

    static byte[] hmac(String algorithm, byte[] key, byte[] text) {
        if (key.length > 64) {
            key = Digests.digest(algorithm, key);
        }
        byte[] inner = new byte[64 + text.length];
        byte[] outerKey = new byte[64];
        for (int i = 0; i < 64; i++) {
            byte k = i < key.length ? key[i] : 0;
            inner[i] = (byte) (k ^ 0x36);
            outerKey[i] = (byte) (k ^ 0x5c);
        }
        System.arraycopy(text, 0, inner, 64, text.length);
        byte[] innerHash = Digests.digest(algorithm, inner);
        byte[] outer = new byte[64 + innerHash.length];
        System.arraycopy(outerKey, 0, outer, 0, 64);
        System.arraycopy(innerHash, 0, outer, 64, innerHash.length);
        return Digests.digest(algorithm, outer);
    }

    /** The last three digits of the day number, {@code offset} days from now. */
    static String daystamp(Evaluation ev, int offset) {
        long days = (ev.engine().environment().clock().millis() / 1000 + offset * 86400L) / 86400;
        String d = Long.toString(days);
        return d.length() >= 3 ? d.substring(d.length() - 3) : "100";
    }

    /** The six hex digits of a prvs signature, or null when the key is too long. */
    static String prvsHash(String address, String key, String keyNum, String daystamp) {
        if (key.length() > 64) {
            return null;
        }
        String source = (keyNum == null ? "0" : keyNum.substring(0, 1)) + daystamp + address;
        byte[] h = hmac("SHA-1", ByteStrings.bytes(key), ByteStrings.bytes(source));
        return HexFormat.of().withUpperCase().formatHex(h, 0, 3);
    }

    static String prvs(Evaluation ev, List<String> args) throws ExpansionException {
        String address = args.get(0);
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw ExpansionException.error("prvs first argument must be a qualified email address");
        }
        String keyNum = args.get(2);
        if (keyNum != null && (keyNum.length() != 1 || !Chars.isDigit(keyNum.charAt(0)))) {
            throw ExpansionException.error("prvs third argument must be a single digit");
        }
        String stamp = daystamp(ev, 7);
        String hash = prvsHash(address, args.get(1), keyNum, stamp);
        if (hash == null) {
            throw ExpansionException.error("prvs hmac-sha1 conversion failed");
        }
        return "prvs=" + (keyNum == null ? "0" : keyNum) + stamp + hash + "=" + address.substring(0, at) + "@"
                + address.substring(at + 1);
    }

    /** ${srs_encode{secret}{return path}{original domain}}. */
    static String srsEncode(Evaluation ev, List<String> args) throws ExpansionException {
        String path = args.get(1);
        if (path == null || path.isEmpty()) {
            return "";
        }
        String cksum = HexFormat.of().formatHex(hmac("MD5", ByteStrings.bytes(args.get(0)), ByteStrings.bytes(Chars.lower(path))))
                .substring(0, 4);
        StringBuilder stamp = new StringBuilder();
        for (long i = (ev.engine().environment().clock().millis() / 1000 / 86400) & 0x3ff; i != 0; i >>= 5) {
            stamp.append(BASE32.charAt((int) (i & 0x1f)));
        }
        AddressParser.Result r = new AddressParser(path).extract(false);
        if (r == null) {
            throw ExpansionException.error("could not parse " + path);
        }
        String domain = r.domain() > 0 ? r.address().substring(r.domain()) : "";
        String local = r.domain() > 0 ? r.address().substring(0, r.domain() - 1) : r.address();
        boolean quoted = local.indexOf('"') >= 0;
        if (quoted) {
            local = local.replace("\"", "");
        }
        String g = "SRS0=" + cksum + "=" + stamp.reverse() + "=" + domain + "=" + local;
        return (quoted ? "\"" + g + "\"" : g) + "@" + args.get(2);
    }
}
