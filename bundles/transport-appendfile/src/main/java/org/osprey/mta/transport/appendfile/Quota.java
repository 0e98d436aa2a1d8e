package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Exim's own mailbox quota ({@code quota}, {@code quota_is_inclusive}): the expanded value
 * is a number read as C's strtod reads it, optionally followed by K, M or G (powers of
 * 1024) and {@code /no_check}; zero means no quota. For a mailbox file the size checked
 * is the file's; for a directory delivery it is the sum over every regular file below
 * the directory (each divided by its link count), as Exim's check_dir_size counts.
 *
 * @param value the limit in bytes; 0 for none
 * @param noCheck {@code /no_check}: the limit is computed but not enforced
 */
record Quota(long value, boolean noCheck) {
    static final Quota NONE = new Quota(0, false);

    /**
     * Reads an expanded quota value.
     *
     * @param expanded the expansion's result
     * @param template the option's text, for the message
     * @throws Problem with Exim's "Malformed value" message
     */
    static Quota parse(String expanded, String template, String transport) throws Problem {
        int[] end = new int[1];
        double d = strtod(expanded, end);
        int rest = end[0];
        if (rest < expanded.length()) {
            switch (Character.toLowerCase(expanded.charAt(rest))) {
                case 'k' -> { d *= 1024.0; rest++; }
                case 'm' -> { d *= 1024.0 * 1024.0; rest++; }
                case 'g' -> { d *= 1024.0 * 1024.0 * 1024.0; rest++; }
                default -> { }
            }
        }
        boolean noCheck = false;
        if (expanded.startsWith("/no_check", rest)) {
            noCheck = true;
            rest += "/no_check".length();
        }
        while (rest < expanded.length() && isCSpace(expanded.charAt(rest))) {
            rest++;
        }
        if (rest < expanded.length()) {
            throw Problem.defer("Malformed value \"" + expanded + "\" (expansion of \"" + template + "\") in "
                    + transport + " transport");
        }
        return new Quota((long) d, noCheck);
    }

    /** Whether a mailbox of {@code mailboxSize} bytes may take a message of {@code messageSize}. */
    boolean exceeded(long mailboxSize, long messageSize, boolean inclusive) {
        return value > 0 && !noCheck && mailboxSize + (inclusive ? messageSize : 0) > value;
    }

    /**
     * C's strtod on a 64-bit system, for the forms a quota takes: white space, a sign, decimal
     * digits with a point and an exponent, or a 0x hexadecimal integer. {@code end[0]} is
     * where reading stopped (0 when nothing was read, and the value is then 0).
     */
    static double strtod(String s, int[] end) {
        int i = 0;
        while (i < s.length() && isCSpace(s.charAt(i))) {
            i++;
        }
        int signAt = i;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int start = i;
        if (s.startsWith("0x", i) || s.startsWith("0X", i)) {
            int h = i + 2;
            while (h < s.length() && Character.digit(s.charAt(h), 16) >= 0 && s.charAt(h) < 128) {
                h++;
            }
            if (h > i + 2) {
                end[0] = h;
                double v = new java.math.BigInteger(s.substring(i + 2, h), 16).doubleValue();
                return s.charAt(signAt) == '-' ? -v : v;
            }
        }
        int digits = 0;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            while (i < s.length() && isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            end[0] = 0;
            return 0;
        }
        int mantissaEnd = i;
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int e = i + 1;
            if (e < s.length() && (s.charAt(e) == '+' || s.charAt(e) == '-')) {
                e++;
            }
            int expDigits = e;
            while (e < s.length() && isDigit(s.charAt(e))) {
                e++;
            }
            if (e > expDigits) {
                i = e;
            }
        }
        end[0] = i;
        String number = s.substring(start, mantissaEnd);
        if (number.equals(".") || number.isEmpty()) {
            return 0;
        }
        double v = Double.parseDouble((number.startsWith(".") ? "0" : "") + number + s.substring(mantissaEnd, i));
        return s.charAt(signAt) == '-' ? -v : v;
    }

    /** The bytes in use below {@code dir}: Exim's check_dir_size (0 when it cannot be read). */
    static long directorySize(Path dir) {
        long sum = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue;
                }
                if (attrs.isRegularFile()) {
                    sum += attrs.size() / Math.max(1, FileFacts.links(entry));
                } else if (attrs.isDirectory()) {
                    sum += directorySize(entry);
                }
            }
        } catch (IOException | RuntimeException e) {
            return sum;
        }
        return sum;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
