package org.osprey.mta.core.expand;

import java.util.Base64;
import org.osprey.mta.kernel.expand.ExpansionException;

/** The number and byte codings: base32, base62 (Exim's six-character form), base64 and hex to base64. */
final class Codecs {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final int[] DECODE64 = new int[128];

    static {
        java.util.Arrays.fill(DECODE64, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            DECODE64[alphabet.charAt(i)] = i;
        }
    }

    private Codecs() {
    }

    /** C's strtoul in base 10 over the whole string; null when characters are left over. */
    static Long unsignedDecimal(String s) {
        int p = 0;
        int n = s.length();
        while (p < n && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        boolean negative = false;
        if (p < n && (s.charAt(p) == '+' || s.charAt(p) == '-')) {
            negative = s.charAt(p) == '-';
            p++;
        }
        int digits = p;
        long value = 0;
        boolean overflow = false;
        while (p < n && Chars.isDigit(s.charAt(p))) {
            int d = s.charAt(p++) - '0';
            if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                overflow = true;
            }
            value = value * 10 + d;
        }
        if (p == digits) {
            return s.isEmpty() ? 0L : null;
        }
        if (p < n) {
            return null;
        }
        if (overflow) {
            return -1L;
        }
        return negative ? -value : value;
    }

    static String base32(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        Long n = unsignedDecimal(s);
        if (n == null) {
            throw ExpansionException.error("argument for base32 operator is \"" + s + "\", which is not a decimal number");
        }
        StringBuilder b = new StringBuilder();
        for (long v = n; v != 0; v >>>= 5) {
            b.append(BASE32.charAt((int) (v & 0x1f)));
        }
        return b.reverse().toString();
    }

    static String base32d(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = BASE32.indexOf(s.charAt(i));
            if (d < 0) {
                throw ExpansionException.error("argument for base32d operator is \"" + s + "\", which is not a base 32 number");
            }
            n = n * 32 + d;
        }
        return Long.toString(n);
    }

    static String base62(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        Long n = unsignedDecimal(s);
        if (n == null) {
            throw ExpansionException.error("argument for base62 operator is \"" + s + "\", which is not a decimal number");
        }
        char[] out = new char[6];
        long v = n;
        for (int i = 5; i >= 0; i--) {
            out[i] = BASE62.charAt((int) Long.remainderUnsigned(v, 62));
            v = Long.divideUnsigned(v, 62);
        }
        return new String(out);
    }

    static String base62d(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = s.charAt(i) == 0 ? -1 : BASE62.indexOf(s.charAt(i));
            if (d < 0) {
                throw ExpansionException.error("argument for base62d operator is \"" + s + "\", which is not a base 62 number");
            }
            n = n * 62 + d;
        }
        return Long.toString(n);
    }

    static String base64(Evaluation ev, String name, String arg, String s) {
        return Base64.getEncoder().encodeToString(ByteStrings.bytes(s));
    }

    static String base64d(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        String decoded = decode64(s);
        if (decoded == null) {
            throw ExpansionException.error("string \"" + s + "\" is not well-formed for \"" + name + "\" operator");
        }
        int nul = decoded.indexOf('\0');
        return nul >= 0 ? decoded.substring(0, nul) : decoded;
    }

    /** Exim's b64decode: white space ignored, padding checked; null when malformed. */
    static String decode64(String code) {
        StringBuilder out = new StringBuilder();
        int[] p = {0};
        while (p[0] < code.length()) {
            int x = code.charAt(p[0]++);
            if (Chars.isSpace(x)) {
                continue;
            }
            x = value64(x);
            int y = value64(nextNonSpace(code, p));
            if (x < 0 || y < 0) {
                return null;
            }
            out.append((char) (((x << 2) | (y >> 4)) & 0xff));
            int c = nextNonSpace(code, p);
            if (c == '=') {
                if (nextNonSpace(code, p) != '=' || nextNonSpace(code, p) != 0) {
                    return null;
                }
                break;
            }
            x = value64(c);
            if (x < 0) {
                return null;
            }
            out.append((char) (((y << 4) | (x >> 2)) & 0xff));
            c = nextNonSpace(code, p);
            if (c == '=') {
                if (nextNonSpace(code, p) != 0) {
                    return null;
                }
                break;
            }
            y = value64(c);
            if (y < 0) {
                return null;
            }
            out.append((char) (((x << 6) | y) & 0xff));
        }
        return out.toString();
    }

    private static int nextNonSpace(String s, int[] p) {
        while (p[0] < s.length()) {
            int c = s.charAt(p[0]++);
            if (!Chars.isSpace(c)) {
                return c;
            }
        }
        return 0;
    }

    private static int value64(int c) {
        return c > 0 && c < 128 ? DECODE64[c] : -1;
    }

    static String hex2b64(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        for (int i = 0; i < s.length(); i++) {
            if (!Chars.isXDigit(s.charAt(i))) {
                throw ExpansionException.error("\"" + s + "\" is not a hex string");
            }
        }
        if ((s.length() & 1) != 0) {
            throw ExpansionException.error("\"" + s + "\" contains an odd number of characters");
        }
        byte[] bytes = new byte[s.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
