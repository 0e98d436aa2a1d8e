package org.osprey.mta.kernel.auth;

import java.io.ByteArrayOutputStream;
import java.util.Base64;

/**
 * Base64 as Exim's SMTP AUTH uses it: encoding is the standard one with padding; decoding is
 * Exim's b64decode, which skips white space anywhere, wants whole groups of four (padding
 * included) and nothing but white space after the padding. What it refuses is answered
 * {@code 501 Invalid base64 data}. The engine's AUTH dialogue and the authenticators'
 * client sides use it.
 */
public final class EximBase64 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    private EximBase64() {
    }

    public static String encode(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    /** The decoded bytes, or null when the text is not valid base64. */
    public static byte[] decode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() * 3 / 4 + 1);
        int[] at = {0};
        while (true) {
            int c = nextChar(text, at);
            if (c < 0) {
                return out.toByteArray();
            }
            int x = value(c);
            int y = value(nextChar(text, at));
            if (x < 0 || y < 0) {
                return null;
            }
            out.write(x << 2 | y >> 4);
            int c3 = nextChar(text, at);
            if (c3 == '=') {
                return nextChar(text, at) == '=' && nextChar(text, at) < 0 ? out.toByteArray() : null;
            }
            int z = value(c3);
            if (z < 0) {
                return null;
            }
            out.write((y << 4 | z >> 2) & 0xff);
            int c4 = nextChar(text, at);
            if (c4 == '=') {
                return nextChar(text, at) < 0 ? out.toByteArray() : null;
            }
            int w = value(c4);
            if (w < 0) {
                return null;
            }
            out.write((z << 6 | w) & 0xff);
        }
    }

    /** The next character that is not white space, or -1 at the end. */
    private static int nextChar(String text, int[] at) {
        while (at[0] < text.length()) {
            char c = text.charAt(at[0]++);
            if (!(c == ' ' || c >= '\t' && c <= '\r')) {
                return c;
            }
        }
        return -1;
    }

    private static int value(int c) {
        return c < 0 ? -1 : ALPHABET.indexOf(c);
    }
}
