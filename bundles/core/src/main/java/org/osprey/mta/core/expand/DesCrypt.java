package org.osprey.mta.core.expand;

/**
 * The traditional Unix crypt(3): DES applied 25 times to a zero block under a key made of the
 * first eight password characters, with the E-box perturbed by the two salt characters.
 * Written bit by bit from the DES tables; slow but small, and only {@code crypteq} uses it.
 */
final class DesCrypt {
    private static final int[] IP = {58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30,
        22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8, 57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45,
        37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7};
    private static final int[] FP = {40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54,
        22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29, 36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27, 34, 2,
        42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25};
    private static final int[] PC1_C = {57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27,
        19, 11, 3, 60, 52, 44, 36};
    private static final int[] PC1_D = {63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29,
        21, 13, 5, 28, 20, 12, 4};
    private static final int[] SHIFTS = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};
    private static final int[] PC2_C = {14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20,
        13, 2};
    private static final int[] PC2_D = {41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42,
        50, 36, 29, 32};
    private static final int[] E = {32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17, 16,
        17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1};
    private static final int[][] S = {
        {14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
            4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13},
        {15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
            0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9},
        {10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
            13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12},
        {7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
            10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14},
        {2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
            4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3},
        {12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
            9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13},
        {4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
            1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12},
        {13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
            7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11}};
    private static final int[] P = {16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3,
        9, 19, 13, 30, 6, 22, 11, 4, 25};

    private DesCrypt() {
    }

    static String crypt(byte[] password, String salt) {
        int[] key = new int[64];
        for (int i = 0, c = 0; c < password.length && c < 8 && password[c] != 0; c++, i++) {
            for (int j = 0; j < 7; j++, i++) {
                key[i] = (password[c] >> (6 - j)) & 1;
            }
        }
        int[][] ks = schedule(key);
        int[] e = E.clone();
        for (int i = 0; i < 2; i++) {
            int c = value(salt.charAt(i));
            for (int j = 0; j < 6; j++) {
                if (((c >> j) & 1) != 0) {
                    int t = e[6 * i + j];
                    e[6 * i + j] = e[6 * i + j + 24];
                    e[6 * i + j + 24] = t;
                }
            }
        }
        int[] block = new int[66];
        for (int n = 0; n < 25; n++) {
            encrypt(block, ks, e);
        }
        StringBuilder out = new StringBuilder(salt);
        for (int i = 0; i < 11; i++) {
            int c = 0;
            for (int j = 0; j < 6; j++) {
                c = (c << 1) | block[6 * i + j];
            }
            out.append("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".charAt(c));
        }
        return out.toString();
    }

    private static int value(char c) {
        if (c > 'Z') {
            c -= 6;
        }
        if (c > '9') {
            c -= 7;
        }
        return (c - '.') & 0x3f;
    }

    private static int[][] schedule(int[] key) {
        int[] c = new int[28];
        int[] d = new int[28];
        for (int i = 0; i < 28; i++) {
            c[i] = key[PC1_C[i] - 1];
            d[i] = key[PC1_D[i] - 1];
        }
        int[][] ks = new int[16][48];
        for (int i = 0; i < 16; i++) {
            for (int k = 0; k < SHIFTS[i]; k++) {
                rotate(c);
                rotate(d);
            }
            for (int j = 0; j < 24; j++) {
                ks[i][j] = c[PC2_C[j] - 1];
                ks[i][j + 24] = d[PC2_D[j] - 28 - 1];
            }
        }
        return ks;
    }

    private static void rotate(int[] half) {
        int t = half[0];
        System.arraycopy(half, 1, half, 0, 27);
        half[27] = t;
    }

    private static void encrypt(int[] block, int[][] ks, int[] e) {
        int[] lr = new int[64];
        for (int j = 0; j < 64; j++) {
            lr[j] = block[IP[j] - 1];
        }
        int[] l = new int[32];
        int[] r = new int[32];
        System.arraycopy(lr, 0, l, 0, 32);
        System.arraycopy(lr, 32, r, 0, 32);
        for (int i = 0; i < 16; i++) {
            int[] preS = new int[48];
            for (int j = 0; j < 48; j++) {
                preS[j] = r[e[j] - 1] ^ ks[i][j];
            }
            int[] f = new int[32];
            for (int j = 0; j < 8; j++) {
                int t = 6 * j;
                int k = S[j][(preS[t] << 5) + (preS[t + 1] << 3) + (preS[t + 2] << 2) + (preS[t + 3] << 1)
                        + preS[t + 4] + (preS[t + 5] << 4)];
                t = 4 * j;
                f[t] = (k >> 3) & 1;
                f[t + 1] = (k >> 2) & 1;
                f[t + 2] = (k >> 1) & 1;
                f[t + 3] = k & 1;
            }
            int[] newR = new int[32];
            for (int j = 0; j < 32; j++) {
                newR[j] = l[j] ^ f[P[j] - 1];
            }
            l = r;
            r = newR;
        }
        int[] rl = new int[64];
        System.arraycopy(r, 0, rl, 0, 32);
        System.arraycopy(l, 0, rl, 32, 32);
        for (int j = 0; j < 64; j++) {
            block[j] = rl[FP[j] - 1];
        }
    }
}
