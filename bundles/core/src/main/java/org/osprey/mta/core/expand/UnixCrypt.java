package org.osprey.mta.core.expand;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * crypt(3) for {@code crypteq}, as Debian's libxcrypt answers it for the common schemes:
 * traditional DES ({@code ab} + 11 characters), MD5 ({@code $1$}), SHA-256 ({@code $5$}) and
 * SHA-512 ({@code $6$}). Other schemes (bcrypt, yescrypt) give null, so the condition is false.
 */
final class UnixCrypt {
    private static final String ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    private UnixCrypt() {
    }

    /** The crypt of {@code password} with the salt (and scheme) of {@code setting}, or null when unsupported. */
    static String crypt(String password, String setting) {
        byte[] pw = password.getBytes(StandardCharsets.ISO_8859_1);
        if (setting.startsWith("$1$")) {
            return md5Crypt(pw, setting);
        }
        if (setting.startsWith("$5$")) {
            return shaCrypt(pw, setting, "SHA-256", "$5$");
        }
        if (setting.startsWith("$6$")) {
            return shaCrypt(pw, setting, "SHA-512", "$6$");
        }
        if (setting.startsWith("$") || setting.startsWith("_") || setting.length() < 2
                || ITOA64.indexOf(setting.charAt(0)) < 0 || ITOA64.indexOf(setting.charAt(1)) < 0) {
            return null;
        }
        return DesCrypt.crypt(pw, setting.substring(0, 2));
    }

    private static String md5Crypt(byte[] pw, String setting) {
        String salt = saltOf(setting.substring(3), 8);
        byte[] s = salt.getBytes(StandardCharsets.ISO_8859_1);
        MessageDigest ctx = digest("MD5");
        ctx.update(pw);
        ctx.update("$1$".getBytes(StandardCharsets.ISO_8859_1));
        ctx.update(s);
        MessageDigest alt = digest("MD5");
        alt.update(pw);
        alt.update(s);
        alt.update(pw);
        byte[] fin = alt.digest();
        for (int pl = pw.length; pl > 0; pl -= 16) {
            ctx.update(fin, 0, Math.min(pl, 16));
        }
        for (int i = pw.length; i != 0; i >>>= 1) {
            if ((i & 1) != 0) {
                ctx.update((byte) 0);
            } else {
                ctx.update(pw, 0, Math.min(1, pw.length));
            }
        }
        fin = ctx.digest();
        for (int i = 0; i < 1000; i++) {
            MessageDigest c = digest("MD5");
            c.update((i & 1) != 0 ? pw : fin);
            if (i % 3 != 0) {
                c.update(s);
            }
            if (i % 7 != 0) {
                c.update(pw);
            }
            c.update((i & 1) != 0 ? fin : pw);
            fin = c.digest();
        }
        StringBuilder out = new StringBuilder("$1$").append(salt).append('$');
        int[][] groups = {{0, 6, 12}, {1, 7, 13}, {2, 8, 14}, {3, 9, 15}, {4, 10, 5}};
        for (int[] g : groups) {
            to64(out, ((fin[g[0]] & 0xff) << 16) | ((fin[g[1]] & 0xff) << 8) | (fin[g[2]] & 0xff), 4);
        }
        to64(out, fin[11] & 0xff, 2);
        return out.toString();
    }

    /** Drepper's SHA-crypt. */
    private static String shaCrypt(byte[] pw, String setting, String algorithm, String prefix) {
        String rest = setting.substring(3);
        int rounds = 5000;
        boolean customRounds = false;
        if (rest.startsWith("rounds=")) {
            int end = rest.indexOf('$');
            if (end < 0) {
                return null;
            }
            try {
                long r = Long.parseLong(rest.substring(7, end));
                rounds = (int) Math.max(1000, Math.min(999_999_999L, r));
            } catch (NumberFormatException e) {
                return null;
            }
            customRounds = true;
            rest = rest.substring(end + 1);
        }
        String salt = saltOf(rest, 16);
        byte[] s = salt.getBytes(StandardCharsets.ISO_8859_1);
        MessageDigest b = digest(algorithm);
        b.update(pw);
        b.update(s);
        b.update(pw);
        byte[] bHash = b.digest();
        int size = bHash.length;
        MessageDigest a = digest(algorithm);
        a.update(pw);
        a.update(s);
        for (int n = pw.length; n > 0; n -= size) {
            a.update(bHash, 0, Math.min(n, size));
        }
        for (int n = pw.length; n > 0; n >>>= 1) {
            a.update((n & 1) != 0 ? bHash : pw);
        }
        byte[] aHash = a.digest();
        MessageDigest dp = digest(algorithm);
        for (int i = 0; i < pw.length; i++) {
            dp.update(pw);
        }
        byte[] p = repeat(dp.digest(), pw.length);
        MessageDigest ds = digest(algorithm);
        for (int i = 0; i < 16 + (aHash[0] & 0xff); i++) {
            ds.update(s);
        }
        byte[] sBytes = repeat(ds.digest(), s.length);
        byte[] c = aHash;
        for (int i = 0; i < rounds; i++) {
            MessageDigest r = digest(algorithm);
            r.update((i & 1) != 0 ? p : c);
            if (i % 3 != 0) {
                r.update(sBytes);
            }
            if (i % 7 != 0) {
                r.update(p);
            }
            r.update((i & 1) != 0 ? c : p);
            c = r.digest();
        }
        StringBuilder out = new StringBuilder(prefix);
        if (customRounds) {
            out.append("rounds=").append(rounds).append('$');
        }
        out.append(salt).append('$');
        if (size == 32) {
            int[][] order = {{0, 10, 20}, {21, 1, 11}, {12, 22, 2}, {3, 13, 23}, {24, 4, 14}, {15, 25, 5}, {6, 16, 26},
                {27, 7, 17}, {18, 28, 8}, {9, 19, 29}};
            for (int[] o : order) {
                to64(out, ((c[o[0]] & 0xff) << 16) | ((c[o[1]] & 0xff) << 8) | (c[o[2]] & 0xff), 4);
            }
            to64(out, ((c[31] & 0xff) << 8) | (c[30] & 0xff), 3);
        } else {
            int[][] order = {{0, 21, 42}, {22, 43, 1}, {44, 2, 23}, {3, 24, 45}, {25, 46, 4}, {47, 5, 26}, {6, 27, 48},
                {28, 49, 7}, {50, 8, 29}, {9, 30, 51}, {31, 52, 10}, {53, 11, 32}, {12, 33, 54}, {34, 55, 13},
                {56, 14, 35}, {15, 36, 57}, {37, 58, 16}, {59, 17, 38}, {18, 39, 60}, {40, 61, 19}, {62, 20, 41}};
            for (int[] o : order) {
                to64(out, ((c[o[0]] & 0xff) << 16) | ((c[o[1]] & 0xff) << 8) | (c[o[2]] & 0xff), 4);
            }
            to64(out, c[63] & 0xff, 2);
        }
        return out.toString();
    }

    private static String saltOf(String s, int max) {
        int end = s.indexOf('$');
        String salt = end >= 0 ? s.substring(0, end) : s;
        return salt.length() > max ? salt.substring(0, max) : salt;
    }

    private static byte[] repeat(byte[] block, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = block[i % block.length];
        }
        return out;
    }

    static void to64(StringBuilder out, int v, int n) {
        while (--n >= 0) {
            out.append(ITOA64.charAt(v & 0x3f));
            v >>>= 6;
        }
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
