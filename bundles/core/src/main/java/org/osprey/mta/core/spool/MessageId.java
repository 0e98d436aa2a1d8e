package org.osprey.mta.core.spool;

import java.util.Objects;

/**
 * A message id in Exim 4.96's format: {@code tttttt-pppppp-ff}, three fields of base-62 digits
 * (time in seconds, a process number, and the sub-second fraction, with the host number folded
 * in when {@code localhost_number} is set). It parses and validates ids and names the
 * subdirectory used when {@code split_spool_directory} is set. It never generates ids: that is
 * {@link MessageIdGenerator}'s job, which owns the uniqueness rules.
 */
public final class MessageId implements Comparable<MessageId> {

    /** Exim's base-62 digits, in the order of their value. */
    static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /** The length of an id: 6 + 1 + 6 + 1 + 2. */
    public static final int LENGTH = 16;

    private final String text;

    private MessageId(String text) {
        this.text = text;
    }

    /**
     * Parses an id such as {@code 1xUvjV-0005vd-2L}.
     *
     * @throws IllegalArgumentException if {@code text} is not an id in Exim 4.96's format
     */
    public static MessageId parse(String text) {
        if (!isValid(text)) {
            throw new IllegalArgumentException("not a message id: " + text);
        }
        return new MessageId(text);
    }

    /** Whether {@code text} is a message id in Exim 4.96's format. */
    public static boolean isValid(String text) {
        if (text == null || text.length() != LENGTH || text.charAt(6) != '-' || text.charAt(13) != '-') {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            if (i != 6 && i != 13 && BASE62.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    /** Builds an id from its three numeric fields. */
    static MessageId of(long seconds, long process, int fraction) {
        return new MessageId(base62(seconds, 6) + "-" + base62(process, 6) + "-" + base62(fraction, 2));
    }

    /** {@code value} in {@code digits} base-62 digits, keeping the low digits as Exim does. */
    static String base62(long value, int digits) {
        char[] out = new char[digits];
        long v = value;
        for (int i = digits - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }

    static long decode(String digits) {
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            v = v * 62 + BASE62.indexOf(digits.charAt(i));
        }
        return v;
    }

    /** The time the id was made, in seconds since the epoch (the first field). */
    public long epochSecond() {
        return decode(text.substring(0, 6));
    }

    /** The process field's value (Exim: the pid; Osprey: see {@link MessageIdGenerator}). */
    public long processNumber() {
        return decode(text.substring(7, 13));
    }

    /** The last field's value: fraction of a second, plus host number * 200 when set. */
    public int fraction() {
        return (int) decode(text.substring(14));
    }

    /**
     * The name of the subdirectory of {@code input/} and {@code msglog/} used when
     * {@code split_spool_directory} is set: the sixth character, the last digit of the time.
     */
    public String subdirectory() {
        return text.substring(5, 6);
    }

    @Override
    public String toString() {
        return text;
    }

    @Override
    public int compareTo(MessageId other) {
        return text.compareTo(other.text);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageId m && m.text.equals(text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(text);
    }
}
