package org.osprey.mta.transport.lmtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * An LMTP reply as Exim's lmtp_read_response reads it: lines ending in LF (CR LF or LF
 * alone), trailing white space removed, the lines of a multi-line reply joined with LF.
 *
 * @param text the reply, bytes as ISO-8859-1 characters
 */
record Reply(String text) {

    /** The first digit of the code. */
    char digit() {
        return text.charAt(0);
    }

    /** The three-digit code. */
    int code() {
        return Integer.parseInt(text.substring(0, 3));
    }

    /** Exim's string_printing of the reply, as messages show it. */
    String printable() {
        return Printing.of(text);
    }

    /** Why no reply could be read. */
    static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        /** What went wrong: the server closed the connection, or sent a malformed reply. */
        enum Kind { CLOSED, MALFORMED }

        private final Kind kind;
        private final String text;

        Unreadable(Kind kind, String text) {
            super(kind + ": " + text);
            this.kind = kind;
            this.text = text;
        }

        Kind kind() {
            return kind;
        }

        /** What had been read of the malformed reply. */
        String text() {
            return text;
        }
    }

    /**
     * Reads one reply.
     *
     * @throws Unreadable at the end of the input, or for a line that does not start with
     *         three digits and a space, a hyphen or nothing
     * @throws IOException when reading fails (including when the peer was aborted)
     */
    static Reply read(InputStream in) throws IOException, Unreadable {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line(in);
            if (line == null) {
                // Exim's buffer is emptied when a read fails, even part way through a reply.
                throw new Unreadable(Unreadable.Kind.CLOSED, "");
            }
            int end = line.length();
            while (end > 0 && isSpace(line.charAt(end - 1))) {
                end--;
            }
            line = line.substring(0, end);
            all.append(line);
            boolean wellFormed = line.length() >= 3 && isDigit(line.charAt(0)) && isDigit(line.charAt(1))
                    && isDigit(line.charAt(2)) && (line.length() == 3 || line.charAt(3) == '-' || line.charAt(3) == ' ');
            if (!wellFormed) {
                throw new Unreadable(Unreadable.Kind.MALFORMED, all.toString());
            }
            if (line.length() == 3 || line.charAt(3) != '-') {
                return new Reply(all.toString());
            }
            all.append('\n');
        }
    }

    /** One line with its LF, or what there is before the end of the input; null at the end. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            bytes.write(c);
            if (c == '\n') {
                break;
            }
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.ISO_8859_1);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }
}
