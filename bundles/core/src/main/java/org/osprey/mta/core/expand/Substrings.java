package org.osprey.mta.core.expand;

import org.osprey.mta.kernel.expand.ExpansionException;

/** Exim's extract_substr, compute_hash and compute_nhash, shared by the items and the legacy operators. */
final class Substrings {
    private static final String HASHCODES = "abcdefghijklmnopqrtsuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final int[] PRIMES = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
        73, 79, 83, 89, 97, 101, 103, 107, 109, 113};

    private Substrings() {
    }

    /** Characters from {@code offset} (negative: from the right), {@code length} of them or (negative) all. */
    static String substr(String subject, int offset, int length) {
        int sublen = subject.length();
        long v1 = offset;
        long v2 = length;
        if (v1 < 0) {
            v1 += sublen;
            if (v1 < 0) {
                v2 += v1;
                if (v2 < 0) {
                    v2 = 0;
                }
                v1 = 0;
            } else if (v2 < 0) {
                v2 = v1;
                v1 = 0;
            }
        } else if (v1 > sublen) {
            v1 = sublen;
            v2 = 0;
        } else if (v2 < 0) {
            v2 = sublen;
        }
        if (v1 + v2 > sublen) {
            v2 = sublen - v1;
        }
        return subject.substring((int) v1, (int) (v1 + v2));
    }

    /** A textual hash of {@code length} characters from the first {@code count} of the hash alphabet. */
    static String hash(String subject, int length, int count) throws ExpansionException {
        if (count < 0) {
            count = 26;
        } else if (count > HASHCODES.length()) {
            throw ExpansionException.error("hash count \"" + count + "\" too big");
        }
        int sublen = subject.length();
        if (length >= sublen) {
            return subject;
        }
        int[] s = new int[sublen];
        for (int k = 0; k < sublen; k++) {
            s[k] = subject.charAt(k) & 0xff;
        }
        int i = 0;
        int j = length;
        while (j < sublen) {
            int c = s[j];
            int shift = (c + j++) & 7;
            s[i] = (s[i] ^ ((c << shift) | (c >> (8 - shift)))) & 0xff;
            if (++i >= length) {
                i = 0;
            }
        }
        StringBuilder out = new StringBuilder(length);
        for (i = 0; i < length; i++) {
            out.append(HASHCODES.charAt(s[i] % count));
        }
        return out.toString();
    }

    /** A numeric hash below {@code max1}, or "a/b" below {@code max1} and {@code max2}. */
    static String nhash(String subject, int max1, int max2) throws ExpansionException {
        long total = 0;
        int i = 0;
        for (int k = 0; k < subject.length(); k++) {
            if (i == 0) {
                i = PRIMES.length - 1;
            }
            total += (long) PRIMES[i--] * (subject.charAt(k) & 0xff);
        }
        if (max2 < 0) {
            if (max1 == 0) {
                throw ExpansionException.error("division by zero in nhash");
            }
            return Long.toUnsignedString(Long.remainderUnsigned(total, max1));
        }
        long modulus = (long) max1 * max2;
        if (modulus == 0) {
            throw ExpansionException.error("division by zero in nhash");
        }
        total = Long.remainderUnsigned(total, modulus);
        return (total / max2) + "/" + (total % max2);
    }
}
