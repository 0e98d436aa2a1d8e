package org.osprey.mta.core.receive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.osprey.mta.kernel.address.Rfc822;

/**
 * Reads a message from standard input as Exim 4.96's receive_msg and read_message_data do for
 * non-SMTP input, in one pass: the header section into memory (header lines are joined with
 * their continuations, keeping the newlines), then the body streamed to an output as it is
 * read. Lines may end in LF, CR LF or a bare CR; the spool gets LF only. Unless {@code -i} was
 * given, a line holding just a dot ends the message. It counts what the -H file records
 * (body lines, NUL bytes, the longest line) and the message size that
 * {@code message_size_limit} is checked against.
 *
 * <p>It never holds the body in memory and never writes anything but the body.
 */
final class MessageReader {

    /** How reading ended (Exim's END_xxx). */
    enum End {
        /** Not yet ended (the header section ended normally or with a body line). */
        NOT_ENDED,
        /** End of input. */
        EOF,
        /** A line with only a dot, or end of input while reading the header section. */
        DOT,
        /** The message is larger than the limit. */
        SIZE
    }

    /** The header section would be too large, or one header line too long. */
    static final class Oversize extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean wholeSection;
        private final int limit;

        Oversize(boolean wholeSection, int limit) {
            super(null, null, false, false);
            this.wholeSection = wholeSection;
            this.limit = limit;
        }

        /** True for header_maxsize, false for header_line_maxsize. */
        boolean wholeSection() {
            return wholeSection;
        }

        int limit() {
            return limit;
        }
    }

    private final InputStream in;
    /** Input read ahead: Exim's stdin_buf. */
    private final byte[] buffer = new byte[64 * 1024];
    private int pos;
    private int limit;
    private boolean eof;
    /** Characters given back (receive_ungetc), the last one first. */
    private final int[] pushed = new int[4];
    private int pushedCount;
    private final boolean dotEnds;
    private final long sizeLimit;
    private final int headerMaxsize;
    private final int headerLineMaxsize;

    private final List<String> headers = new ArrayList<>();
    private String next;
    private End end = End.NOT_ENDED;
    private long messageSize;
    private long bodyLinecount;
    private long bodyZerocount;
    private long maxReceivedLinelength;
    private boolean resents;
    private IOException inputError;

    /**
     * @param sizeLimit {@code message_size_limit}; 0 or less for none
     * @param headerMaxsize {@code header_maxsize}
     * @param headerLineMaxsize {@code header_line_maxsize}; 0 for none
     */
    MessageReader(InputStream in, boolean dotEnds, long sizeLimit, int headerMaxsize, int headerLineMaxsize) {
        this.in = in;
        this.dotEnds = dotEnds;
        this.sizeLimit = sizeLimit <= 0 ? Integer.MAX_VALUE : sizeLimit;
        this.headerMaxsize = headerMaxsize;
        this.headerLineMaxsize = headerLineMaxsize;
    }

    private int getc() {
        if (pushedCount > 0) {
            return pushed[--pushedCount];
        }
        if (pos < limit) {
            return buffer[pos++] & 0xff;
        }
        if (eof || inputError != null) {
            return -1;
        }
        try {
            int n;
            do {
                n = in.read(buffer, 0, buffer.length);
            } while (n == 0);
            if (n < 0) {
                eof = true;
                return -1;
            }
            pos = 0;
            limit = n;
            return buffer[pos++] & 0xff;
        } catch (IOException e) {
            inputError = e;
            return -1;
        }
    }

    private void ungetc(int c) {
        pushed[pushedCount++] = c;
    }

    /**
     * Reads the header section. A first line such as {@code From ph10 Fri Jan  5 12:35 GMT 1996}
     * (a UUCP "From " line, when {@code fromLine} says so) is handed to {@code fromLine} and not
     * kept. Afterwards {@link #headers()} holds the header lines (each ending in a newline) and
     * {@link #next()} the first body line, when a line that is not a header ended the section.
     *
     * @throws Oversize when header_maxsize or header_line_maxsize is passed; {@link #headers()}
     *         then holds what was read, the offending line last
     */
    void readHeaders(Predicate<String> fromLine) throws Oversize {
        StringBuilder text = new StringBuilder(256);
        int hadZero = 0;
        int prevlinesLength = 0;
        Boolean firstLineEndedCrlf = null;
        for (;;) {
            int ch = getc();
            boolean eol = false;
            if (ch == 0) {
                hadZero++;
            }
            if (ch < 0) {
                eol = true;
            } else if (ch == '\n') {
                if (firstLineEndedCrlf == null) {
                    firstLineEndedCrlf = false;
                } else if (firstLineEndedCrlf) {
                    ungetc(' ');
                }
                eol = true;
            }
            if (!eol) {
                if (dotEnds && text.length() == 0 && ch == '.') {
                    ch = getc();
                    if (ch == '\r') {
                        ch = getc();
                        if (ch != '\n') {
                            if (ch >= 0) {
                                ungetc(ch);
                            }
                            ch = '\r';
                        }
                    }
                    if (ch == '\n') {
                        end = End.DOT;
                        next = null;
                        return;
                    }
                    // Not the end: the dot was data.
                    text.append('.');
                    messageSize++;
                }
                if (ch == '\r') {
                    ch = getc();
                    if (ch == '\n') {
                        if (firstLineEndedCrlf == null) {
                            firstLineEndedCrlf = true;
                        }
                        eol = true;
                    } else {
                        // A bare CR becomes LF and a space, so as not to end the header.
                        if (ch >= 0) {
                            ungetc(ch);
                        }
                        text.append('\n');
                        messageSize++;
                        ch = ' ';
                    }
                }
                if (!eol) {
                    // (EOF after a dot: Exim stores the (uschar) EOF, 0xff.)
                    text.append((char) (ch & 0xff));
                    messageSize++;
                    if (messageSize >= headerMaxsize) {
                        headers.add(text.toString());
                        throw new Oversize(true, headerMaxsize);
                    }
                    continue;
                }
            }

            // End of a physical line.
            if (text.length() - prevlinesLength > maxReceivedLinelength) {
                maxReceivedLinelength = text.length() - prevlinesLength;
            }
            prevlinesLength = text.length() + 1;
            text.append('\n');
            messageSize++;
            if (text.length() == 1) {
                next = null;
                return;
            }
            if (ch >= 0) {
                int nextch = getc();
                if (nextch == ' ' || nextch == '\t') {
                    text.append((char) nextch);
                    if (++messageSize >= headerMaxsize) {
                        headers.add(text.toString());
                        throw new Oversize(true, headerMaxsize);
                    }
                    continue;
                } else if (nextch >= 0) {
                    ungetc(nextch);
                } else {
                    ch = nextch;
                }
            }

            // The logical line is complete.
            if (messageSize > sizeLimit) {
                // Exim stops reading headers; the line goes to the data file as the first body line.
                next = text.toString();
                return;
            }
            String line = text.toString();
            if (headers.isEmpty() && fromLine.test(line)) {
                // A UUCP "From " line: consumed.
            } else {
                if (Rfc822.isSpace(line.charAt(0))) {
                    next = line;
                    return;
                }
                int p = 0;
                while (p < line.length() && line.charAt(p) > 32 && line.charAt(p) != 127 && line.charAt(p) != ':') {
                    p++;
                }
                while (p < line.length() && Rfc822.isSpace(line.charAt(p))) {
                    p++;
                }
                if (p >= line.length() || line.charAt(p) != ':') {
                    bodyZerocount = hadZero;
                    next = line;
                    return;
                }
                if (hadZero > 0) {
                    line = line.replace('\0', '?');
                }
                line = trimEmptyContinuations(line);
                headers.add(line);
                if (headerLineMaxsize > 0 && line.length() > headerLineMaxsize) {
                    throw new Oversize(false, headerLineMaxsize);
                }
                if (!resents && line.regionMatches(true, 0, "resent-", 0, 7)) {
                    resents = true;
                }
            }
            if (ch < 0) {
                next = null;
                end = End.DOT;
                return;
            }
            text.setLength(0);
            hadZero = 0;
            prevlinesLength = 0;
        }
    }

    /**
     * Exim removes white space at the end of a header, and continuation lines holding only white
     * space, and takes them off the message size.
     */
    private String trimEmptyContinuations(String line) {
        int ptr = line.length();
        int p = ptr - 2;
        for (;;) {
            while (p >= 0 && (line.charAt(p) == ' ' || line.charAt(p) == '\t')) {
                p--;
            }
            if (p < 0 || line.charAt(p) != '\n') {
                break;
            }
            int newPtr = p + 1;
            p--;
            messageSize -= ptr - newPtr;
            ptr = newPtr;
        }
        return ptr == line.length() ? line : line.substring(0, ptr);
    }

    /**
     * Streams the rest of the message (the body) to {@code out}, as read_message_data does:
     * line ends become LF, the body is made to end in a newline, and a lone dot ends it when
     * {@code -i} was not given. Returns how it ended: {@link End#SIZE} as soon as the message is
     * larger than the limit.
     */
    End readBody(OutputStream out) throws IOException {
        BodyOut o = new BodyOut(out);
        if (!dotEnds) {
            int lastCh = '\n';
            int linelength = 0;
            int ch;
            for (; (ch = getc()) >= 0; lastCh = ch) {
                if (ch == 0) {
                    bodyZerocount++;
                }
                if (lastCh == '\r' && ch != '\n') {
                    maxReceivedLinelength = Math.max(maxReceivedLinelength, linelength);
                    linelength = 0;
                    o.put('\n');
                    messageSize++;
                    bodyLinecount++;
                }
                if (ch == '\r') {
                    continue;
                }
                o.put(ch);
                if (ch == '\n') {
                    maxReceivedLinelength = Math.max(maxReceivedLinelength, linelength);
                    linelength = 0;
                    bodyLinecount++;
                } else {
                    linelength++;
                }
                if (++messageSize > sizeLimit) {
                    o.flush();
                    return End.SIZE;
                }
            }
            if (lastCh != '\n') {
                maxReceivedLinelength = Math.max(maxReceivedLinelength, linelength);
                o.put('\n');
                messageSize++;
                bodyLinecount++;
            }
            o.flush();
            return End.EOF;
        }

        int state = 1;
        int linelength = 0;
        int ch;
        while ((ch = getc()) >= 0) {
            if (ch == 0) {
                bodyZerocount++;
            }
            boolean skip = false;
            switch (state) {
                case 0 -> {
                    if (ch == '\n') {
                        bodyLinecount++;
                        maxReceivedLinelength = Math.max(maxReceivedLinelength, linelength);
                        linelength = -1;
                        state = 1;
                    } else if (ch == '\r') {
                        state = 2;
                        skip = true;
                    }
                }
                case 1 -> {
                    if (ch == '.') {
                        state = 3;
                        skip = true;
                    } else if (ch == '\r') {
                        state = 2;
                        skip = true;
                    } else if (ch == '\n') {
                        bodyLinecount++;
                        linelength = -1;
                    } else {
                        state = 0;
                    }
                }
                case 2 -> {
                    bodyLinecount++;
                    maxReceivedLinelength = Math.max(maxReceivedLinelength, linelength);
                    if (ch == '\n') {
                        state = 1;
                        linelength = -1;
                    } else {
                        messageSize++;
                        o.put('\n');
                        if (ch == '\r') {
                            skip = true;
                        } else {
                            state = 0;
                            linelength = 0;
                        }
                    }
                }
                case 3 -> {
                    if (ch == '\n') {
                        o.flush();
                        return End.DOT;
                    }
                    if (ch == '\r') {
                        state = 4;
                        skip = true;
                    } else {
                        messageSize++;
                        linelength++;
                        o.put('.');
                        state = 0;
                    }
                }
                default -> {
                    if (ch == '\n') {
                        o.flush();
                        return End.DOT;
                    }
                    messageSize += 2;
                    bodyLinecount++;
                    o.put('.');
                    o.put('\n');
                    if (ch == '\r') {
                        state = 2;
                        skip = true;
                    } else {
                        state = 0;
                    }
                }
            }
            if (skip) {
                continue;
            }
            linelength++;
            o.put(ch);
            if (++messageSize > sizeLimit) {
                o.flush();
                return End.SIZE;
            }
        }
        if (state != 1) {
            // What was held back while looking for the ending dot, and a final newline.
            String tail = switch (state) {
                case 3, 4 -> ".\n";
                default -> "\n";
            };
            for (int i = 0; i < tail.length(); i++) {
                o.put(tail.charAt(i));
            }
            messageSize += tail.length();
            bodyLinecount++;
        }
        o.flush();
        return End.EOF;
    }

    /** Reads and throws away what is left of the input (as far as a lone dot when that ends it). */
    void drain() {
        try {
            readBody(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // Nothing is written.
        }
    }

    /** What is left of the input (for a copy of the message in an error message). */
    InputStream remaining() {
        return new InputStream() {
            @Override
            public int read() {
                return getc();
            }
        };
    }

    /** The header lines read, each with its continuation lines and final newline. */
    List<String> headers() {
        return headers;
    }

    /** The first body line, when a line that is not a header ended the header section; else null. */
    String next() {
        return next;
    }

    /** How the header section ended: {@link End#DOT} when the message has no body to read. */
    End end() {
        return end;
    }

    /** Whether a Resent- header was seen. */
    boolean resents() {
        return resents;
    }

    /** Bytes read so far as Exim counts them (line ends as one byte). */
    long messageSize() {
        return messageSize;
    }

    long bodyLinecount() {
        return bodyLinecount;
    }

    /** Counts the body line that ended the header section. */
    void countNextLine() {
        bodyLinecount++;
    }

    long bodyZerocount() {
        return bodyZerocount;
    }

    long maxReceivedLinelength() {
        return maxReceivedLinelength;
    }

    /** The error that cut reading short, if standard input could not be read. */
    IOException inputError() {
        return inputError;
    }

    /** Buffers bytes on their way to the data file. */
    private static final class BodyOut {
        private final OutputStream out;
        private final byte[] buf = new byte[16 * 1024];
        private int n;

        BodyOut(OutputStream out) {
            this.out = out;
        }

        void put(int c) throws IOException {
            if (n == buf.length) {
                flush();
            }
            buf[n++] = (byte) c;
        }

        void flush() throws IOException {
            if (n > 0) {
                out.write(buf, 0, n);
                n = 0;
            }
        }
    }
}
