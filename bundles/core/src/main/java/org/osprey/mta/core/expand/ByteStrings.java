package org.osprey.mta.core.expand;

import java.nio.charset.StandardCharsets;

/**
 * Expansion works on bytes, as Exim does: inside the engine a string holds one char per byte
 * (ISO-8859-1). Text from outside (Java strings) enters as its UTF-8 bytes and results leave
 * decoded from UTF-8, so that lengths, hashes and escapes count bytes as Exim counts them.
 */
final class ByteStrings {
    private ByteStrings() {
    }

    /** The byte string of a Java string (its UTF-8 bytes, one char each). */
    static String internal(String s) {
        if (s == null || isAscii(s)) {
            return s;
        }
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    /** The Java string of a byte string, decoding its bytes as UTF-8. */
    static String external(String s) {
        if (s == null || isAscii(s)) {
            return s;
        }
        return new String(s.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String of(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }
}
