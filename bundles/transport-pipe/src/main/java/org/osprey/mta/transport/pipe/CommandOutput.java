package org.osprey.mta.transport.pipe;

import java.nio.charset.StandardCharsets;

/**
 * What the command wrote (at most {@code max_output} bytes and Exim's "Too much output"
 * note), as Exim's return file holds it: returned byte for byte, and its first line logged.
 */
final class CommandOutput {
    /** Exim reads the first line into its big buffer. */
    private static final int LINE_LIMIT = 16384 - 1;

    private final byte[] bytes;

    CommandOutput(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** The output, one char per byte (the engine writes it back as the same bytes). */
    String text() {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /**
     * The first line as deliver.c logs it: without its newline and trailing white space,
     * cut at a zero byte, and with Exim's string_printing escapes.
     */
    String firstLine() {
        int end = 0;
        while (end < bytes.length && end < LINE_LIMIT && bytes[end] != '\n' && bytes[end] != 0) {
            end++;
        }
        while (end > 0 && isSpace(bytes[end - 1])) {
            end--;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < end; i++) {
            int c = bytes[i] & 0xff;
            if (c >= 32 && c < 127) {
                sb.append((char) c);
                continue;
            }
            sb.append('\\');
            switch (c) {
                case '\r' -> sb.append('r');
                case '\b' -> sb.append('b');
                case 0x0b -> sb.append('v');
                case '\f' -> sb.append('f');
                case '\t' -> sb.append('t');
                default -> sb.append(String.format("%03o", c));
            }
        }
        return sb.toString();
    }

    /** C's isspace. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b >= '\t' && b <= '\r';
    }
}
