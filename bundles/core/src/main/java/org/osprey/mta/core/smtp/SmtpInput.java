package org.osprey.mta.core.smtp;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * The client's side of an SMTP session as Exim's smtp_getc reads it: a small buffer (4 KB, so
 * that hundreds of idle sessions cost little), command lines ended by CR LF, a bare LF or a
 * bare CR, and the message data of DATA (dot-stuffed, ended by a lone dot) or BDAT (counted).
 * It can tell whether the client has sent more than it was asked for, for the pipelining
 * synchronisation check. It never reads past what a command or a data section needs into
 * anything but its own buffer, so that STARTTLS can hand over a socket with nothing read ahead
 * (the buffer is checked to be empty first).
 */
final class SmtpInput {
    /** Exim's SMTP_CMD_BUFFER_SIZE: a longer command line is an unknown command. */
    static final int COMMAND_MAX = 16384;
    private static final int BUFFER_SIZE = 4096;

    /** The client sent nothing within smtp_receive_timeout. */
    static final class Timeout extends IOException {
        private static final long serialVersionUID = 1L;

        Timeout() {
            super("timeout", null);
        }
    }

    private InputStream in;
    /** Run before the reader waits for the client: the replies so far must have left (Exim's smtp_refill flushes). */
    private Runnable beforeWait = () -> { };
    private IOException readError;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private int pos;
    private int limit;
    private boolean eof;
    /** A bare CR ended the last line: a LF right after it belongs to that line end. */
    private boolean crEnded;
    private int lineCount;
    private boolean hadNul;

    SmtpInput(InputStream in) {
        this.in = in;
    }

    /** After STARTTLS: the decrypted stream; the buffer must be empty. */
    void replace(InputStream tlsIn) {
        this.in = tlsIn;
        pos = limit = 0;
        crEnded = false;
    }

    void beforeWait(Runnable r) {
        this.beforeWait = r;
    }

    /** The error that ended the input, or null when it ended normally (or has not). */
    IOException readError() {
        return readError;
    }

    /** Lines read so far (for -bS error reports). */
    int lineCount() {
        return lineCount;
    }

    boolean hadNul() {
        return hadNul;
    }

    private int getc() throws IOException {
        if (pos < limit) {
            return buffer[pos++] & 0xff;
        }
        if (eof) {
            return -1;
        }
        beforeWait.run();
        int n;
        try {
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
        } catch (SocketTimeoutException e) {
            throw new Timeout();
        } catch (IOException e) {
            // A broken connection reads as its end; the error is kept for the log.
            readError = e;
            eof = true;
            return -1;
        }
        if (n < 0) {
            eof = true;
            return -1;
        }
        pos = 0;
        limit = n;
        return buffer[pos++] & 0xff;
    }

    /**
     * Whether the client has already sent more input (Exim's smtp_could_getc without waiting):
     * only what is buffered here or readable at once from the stream counts.
     */
    boolean pending() throws IOException {
        if (crEnded && pos < limit && buffer[pos] == '\n') {
            pos++;
            crEnded = false;
        }
        if (pos < limit) {
            return true;
        }
        int available = eof ? 0 : in.available();
        if (available > 0) {
            // Read what has arrived (without waiting), so that the log can show it.
            int n = in.read(buffer, 0, Math.min(available, buffer.length));
            if (n > 0) {
                pos = 0;
                limit = n;
                return true;
            }
        }
        return false;
    }

    /** What is buffered, for the synchronisation error's log line (at most 150 characters). */
    String buffered() {
        int n = Math.min(limit - pos, 150);
        return n <= 0 ? "" : new String(buffer, pos, n, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads one command line, without its line end and trailing white space; NUL bytes become
     * '?' ({@link #hadNul()}). Returns null at end of input (a partial line is dropped, as in
     * Exim), or a line of more than {@link #COMMAND_MAX} characters cut there with the rest
     * of it left unread (Exim returns OTHER_CMD for it).
     */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        hadNul = false;
        int c;
        while (true) {
            c = getc();
            if (c == '\n' && crEnded && line.length() == 0) {
                crEnded = false;
                continue;
            }
            crEnded = false;
            if (c < 0) {
                return null;
            }
            if (c == '\n') {
                break;
            }
            if (c == '\r') {
                int next = pos < limit ? buffer[pos] & 0xff : -2;
                if (next == '\n') {
                    pos++;
                } else if (next == -2) {
                    crEnded = true;
                }
                break;
            }
            if (line.length() >= COMMAND_MAX) {
                pos--;
                lineCount++;
                return line.toString();
            }
            if (c == 0) {
                hadNul = true;
                c = '?';
            }
            line.append((char) c);
        }
        lineCount++;
        int end = line.length();
        while (end > 0 && Character.isWhitespace(line.charAt(end - 1))) {
            end--;
        }
        line.setLength(end);
        return line.toString();
    }

    /**
     * The message data after DATA, as a stream the spool reader takes: CR LF (and a bare CR) made
     * LF, leading dots unstuffed, ended by a line holding just a dot (after CR LF or a bare LF).
     * "CR . CR" does not end it. At end of input before the dot, {@link DataStream#ended()} stays
     * false.
     */
    DataStream dotData() {
        return new DotData();
    }

    /** BDAT: exactly {@code size} bytes of the chunk, passed on as they are. */
    DataStream chunk(long size) {
        return new Chunk(size);
    }

    /** A data section; reading past its end returns -1. */
    abstract static class DataStream extends InputStream {
        /** True once the terminating dot (or the whole chunk) was read. */
        abstract boolean ended();

        /** Reads and discards what is left of the section. */
        void drain() throws IOException {
            while (read() >= 0) {
                // discarded
            }
        }
    }

    private final class DotData extends DataStream {
        /** 0 after a line end, 1 within a line, 2 after CR, 3 after a line end and a dot, 4 after that and CR. */
        private int state;
        private boolean ended;
        private boolean eofSeen;
        /** Bytes decided but not yet returned (at most two). */
        private final int[] queue = new int[3];
        private int qHead;
        private int qTail;

        @Override
        boolean ended() {
            return ended;
        }

        private void push(int b) {
            queue[qTail++] = b;
        }

        @Override
        public int read() throws IOException {
            int c = next();
            if (c == '\n') {
                lineCount++;
            }
            return c;
        }

        private int next() throws IOException {
            while (true) {
                if (qHead < qTail) {
                    int b = queue[qHead++];
                    if (qHead == qTail) {
                        qHead = qTail = 0;
                    }
                    return b;
                }
                if (ended || eofSeen) {
                    return -1;
                }
                int ch = getc();
                if (ch < 0) {
                    // Exim counts the end of input inside data as a line of its own.
                    eofSeen = true;
                    lineCount++;
                    return -1;
                }
                switch (state) {
                    case 0 -> {
                        if (ch == '.') {
                            state = 3;
                            continue;
                        }
                        state = 1;
                        if (ch == '\r') {
                            state = 2;
                            continue;
                        }
                        if (ch == '\n') {
                            state = 0;
                        }
                        return ch;
                    }
                    case 1 -> {
                        if (ch == '\r') {
                            state = 2;
                            continue;
                        }
                        if (ch == '\n') {
                            state = 0;
                        }
                        return ch;
                    }
                    case 2 -> {
                        if (ch == '\n') {
                            state = 0;
                            return '\n';
                        }
                        // A bare CR ends a line; the character after it starts the next.
                        push('\n');
                        if (ch == '\r') {
                            continue;
                        }
                        state = 1;
                        push(ch);
                    }
                    case 3 -> {
                        if (ch == '\n') {
                            ended = true;
                            lineCount++;
                            return -1;
                        }
                        if (ch == '\r') {
                            state = 4;
                            continue;
                        }
                        state = 1;
                        return ch;
                    }
                    default -> {
                        if (ch == '\n') {
                            ended = true;
                            lineCount++;
                            return -1;
                        }
                        // "." CR x: the dot was stuffing, the CR a line end ("CR . CR" goes on).
                        push('\n');
                        if (ch == '\r') {
                            state = 2;
                        } else {
                            state = 1;
                            push(ch);
                        }
                    }
                }
            }
        }
    }

    private final class Chunk extends DataStream {
        private long left;

        Chunk(long size) {
            this.left = size;
        }

        @Override
        boolean ended() {
            return left == 0;
        }

        @Override
        public int read() throws IOException {
            if (left == 0) {
                return -1;
            }
            int c = getc();
            if (c >= 0) {
                left--;
            }
            return c;
        }
    }
}
