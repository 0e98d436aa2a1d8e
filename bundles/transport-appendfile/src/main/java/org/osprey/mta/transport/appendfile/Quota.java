package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Exim's own mailbox quota, as its setup entry reads the expanded options: {@code quota}
 * and {@code quota_filecount} (a number as C's strtod reads it, optionally followed by K,
 * M or G, powers of 1024, and {@code /no_check}), and {@code quota_warn_threshold} (the
 * same, or a percentage of the quota with {@code %}). Zero means none. For a mailbox file
 * the size checked is the file's; for a directory delivery it is the sum over every file
 * below the directory (each divided by its link count, or its size read from its name by
 * {@code quota_size_regex}), as Exim's check_dir_size counts, or what the maildirsize
 * file says.
 *
 * @param value the size limit in bytes; 0 for none
 * @param noCheck {@code /no_check}: the limit is computed but not enforced
 * @param filecount the file count limit; 0 for none
 * @param filecountNoCheck {@code /no_check} on the file count
 * @param threshold the warning threshold, in bytes or percent; 0 for none
 * @param thresholdPercent the threshold is a percentage of {@code value}
 */
record Quota(long value, boolean noCheck, long filecount, boolean filecountNoCheck, long threshold,
        boolean thresholdPercent) {
    static final Quota NONE = new Quota(0, false, 0, false, 0, false);

    /** The size and file count of a directory, as check_dir_size finds them. */
    record Usage(long size, int files) {
    }

    /**
     * Reads the three limits from their expanded values (null when unset), in Exim's order:
     * a percentage threshold without a quota (and without a maildirsize file) is none.
     */
    static Quota of(String quota, String filecount, String threshold, QuotaOptions templates, String transport,
            boolean sizeFile) throws Problem {
        Parsed q = parseOne(quota, templates.quota(), transport, 0, false, false);
        Parsed f = parseOne(filecount, templates.filecount(), transport, 1, false, false);
        Parsed t = parseOne(threshold, templates.warnThreshold(), transport, 2, q.value > 0, sizeFile);
        return new Quota(q.value, q.noCheck, f.value, f.noCheck, t.value, t.percent);
    }

    /**
     * {@code mailbox_size} or {@code mailbox_filecount}, expanded (null when unset): read as
     * the quota is, with K, M and G; -1 when unset, which means "compute it".
     */
    static long given(String expanded, String template, String transport, boolean count) throws Problem {
        if (expanded == null) {
            return -1;
        }
        Parsed p = parseOne(expanded, template, transport, count ? 4 : 3, false, false);
        return p.value;
    }

    private record Parsed(long value, boolean noCheck, boolean percent) {
    }

    private static Parsed parseOne(String expanded, String template, String transport, int which, boolean haveQuota,
            boolean sizeFile) throws Problem {
        if (expanded == null) {
            return new Parsed(0, false, false);
        }
        int[] end = new int[1];
        double d = strtod(expanded, end);
        int rest = end[0];
        boolean percent = false;
        if (rest < expanded.length()) {
            switch (Character.toLowerCase(expanded.charAt(rest))) {
                case 'k' -> { d *= 1024.0; rest++; }
                case 'm' -> { d *= 1024.0 * 1024.0; rest++; }
                case 'g' -> { d *= 1024.0 * 1024.0 * 1024.0; rest++; }
                case '%' -> {
                    if (which == 2) {
                        if (!haveQuota && !sizeFile) {
                            d = 0;
                        } else if ((int) d < 0 || (int) d > 100) {
                            throw Problem.defer("Invalid quota_warn_threshold percentage (" + (int) d + ") for "
                                    + transport + " transport");
                        }
                        percent = true;
                        rest++;
                    }
                }
                default -> { }
            }
        }
        boolean noCheck = false;
        if (which < 2 && expanded.startsWith("/no_check", rest)) {
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
        if ((which == 1 || which == 4) && d >= 2.0 * 1024 * 1024 * 1024) {
            throw Problem.defer((which == 1 ? "quota_filecount" : "mailbox_filecount") + " value "
                    + String.format("%.10g", d)
                    + " is too large (overflow) in " + transport + " transport");
        }
        return new Parsed((long) d, noCheck, percent);
    }

    /** Whether a mailbox of {@code mailboxSize} bytes may take a message of {@code messageSize}. */
    boolean exceeded(long mailboxSize, long messageSize, boolean inclusive) {
        return value > 0 && !noCheck && mailboxSize + (inclusive ? messageSize : 0) > value;
    }

    /** Whether a mailbox of {@code files} files may take one more (checked only with a size quota, as in Exim). */
    boolean filecountExceeded(long files, boolean inclusive) {
        return value > 0 && filecount > 0 && !filecountNoCheck && files + (inclusive ? 1 : 0) > filecount;
    }

    /** Exim's THRESHOLD_CHECK: a threshold, and for a percentage, a quota to take it of. */
    boolean checksThreshold() {
        return threshold > 0 && (!thresholdPercent || value > 0);
    }

    /** Whether a delivery of {@code written} bytes took the mailbox from at or below the threshold to above it. */
    boolean crossesThreshold(long mailboxSize, long written) {
        if (!checksThreshold()) {
            return false;
        }
        long limit = thresholdPercent ? (long) ((double) value * threshold / 100) : threshold;
        return mailboxSize <= limit && mailboxSize + written > limit;
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

    /**
     * Exim's check_dir_size: every entry below {@code dir} counts as a file (directories
     * too, as in Exim); a name that {@code sizeRegex} matches, with digits alone in its
     * first group, has that size; otherwise a regular file's size divided by its links.
     */
    static Usage usage(Path dir, Pattern sizeRegex) {
        long[] sum = new long[1];
        int[] count = new int[1];
        walk(dir, sizeRegex, sum, count);
        return new Usage(sum[0], count[0]);
    }

    private static void walk(Path dir, Pattern sizeRegex, long[] sum, int[] count) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                count[0]++;
                String name = entry.getFileName().toString();
                if (sizeRegex != null) {
                    Matcher m = sizeRegex.matcher(name);
                    if (m.find() && m.groupCount() >= 1 && m.group(1) != null) {
                        int[] end = new int[1];
                        double size = strtod(m.group(1), end);
                        if (end[0] == m.group(1).length() && end[0] > 0) {
                            sum[0] += (long) size;
                            continue;
                        }
                    }
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(entry, BasicFileAttributes.class);
                } catch (IOException e) {
                    continue;
                }
                if (attrs.isRegularFile()) {
                    sum[0] += attrs.size() / Math.max(1, FileFacts.links(entry));
                } else if (attrs.isDirectory()) {
                    walk(entry, sizeRegex, sum, count);
                }
            }
        } catch (IOException | RuntimeException e) {
            // an unreadable directory counts as empty, as in Exim
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isCSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }
}
