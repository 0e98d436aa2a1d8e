package org.osprey.mta.transport.smtp;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.model.SmtpReply;

/**
 * One client connection to an SMTP server: commands written, replies read, each with its
 * own time limit, as Exim does with select() (connect_timeout, command_timeout,
 * data_timeout per block written, final_timeout). A non-blocking channel and a selector
 * give every operation a deadline without a watchdog thread.
 *
 * <p>Commands are buffered until {@link #flush}, which is how PIPELINING sends MAIL, the
 * RCPTs and DATA in one write. Never thread-safe; one delivery owns it.
 */
final class SmtpConnection implements Closeable {
    /** A reply line longer than this is malformed (RFC 5321 allows 512 octets). */
    private static final int MAX_LINE = 16 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(16 * 1024).flip();
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    private long bytesWritten;

    private SmtpConnection(SocketChannel channel, Selector selector) {
        this.channel = channel;
        this.selector = selector;
    }

    /**
     * Connects, waiting at most {@code timeout} (zero: the system's own limit).
     *
     * @throws SocketTimeoutException when the time runs out
     * @throws IOException when the connection is refused or cannot be made
     */
    static SmtpConnection open(InetSocketAddress to, Duration timeout, boolean keepalive) throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepalive);
            selector = Selector.open();
            if (!channel.connect(to)) {
                SelectionKey key = channel.register(selector, SelectionKey.OP_CONNECT);
                long deadline = timeout.isZero() ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
                while (!channel.finishConnect()) {
                    await(selector, deadline, "connect");
                }
                key.cancel();
                selector.selectNow();
            }
            return new SmtpConnection(channel, selector);
        } catch (IOException | RuntimeException e) {
            if (selector != null) {
                selector.close();
            }
            channel.close();
            throw e;
        }
    }

    InetSocketAddress localAddress() throws IOException {
        return (InetSocketAddress) channel.getLocalAddress();
    }

    /** Buffers one command line (CR LF added), first writing out a full buffer within {@code timeout}. */
    void command(String line, Duration timeout) throws IOException {
        byte[] bytes = (line + "\r\n").getBytes(StandardCharsets.UTF_8);
        if (bytes.length > out.remaining()) {
            flush(timeout);
            if (bytes.length > out.remaining()) {
                throw new IOException("SMTP command too long");
            }
        }
        out.put(bytes);
    }

    /** Writes what is buffered, each block within {@code timeout}. */
    void flush(Duration timeout) throws IOException {
        out.flip();
        try {
            while (out.hasRemaining()) {
                int n = channel.write(out);
                if (n == 0) {
                    waitFor(SelectionKey.OP_WRITE, System.nanoTime() + timeout.toNanos(), "write");
                }
                bytesWritten += n;
            }
        } finally {
            out.clear();
        }
    }

    /** Bytes written to the server since the counter was last reset (Exim's transport_count). */
    long bytesWritten() {
        return bytesWritten;
    }

    void resetByteCount() {
        bytesWritten = 0;
    }

    /**
     * A stream for the message in DATA: bytes go straight into the output buffer, and each
     * full buffer is written within {@code dataTimeout}. Closing it flushes but does not
     * close the connection.
     */
    OutputStream dataStream(Duration dataTimeout) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                if (!out.hasRemaining()) {
                    SmtpConnection.this.flush(dataTimeout);
                }
                out.put((byte) b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                while (len > 0) {
                    if (!out.hasRemaining()) {
                        SmtpConnection.this.flush(dataTimeout);
                    }
                    int n = Math.min(len, out.remaining());
                    out.put(b, off, n);
                    off += n;
                    len -= n;
                }
            }

            @Override
            public void flush() throws IOException {
                SmtpConnection.this.flush(dataTimeout);
            }
        };
    }

    /**
     * Reads one reply, single or multi-line, within {@code timeout}.
     *
     * @throws SocketTimeoutException when the time runs out
     * @throws EOFException when the server closes the connection first
     * @throws MalformedReplyException when a line is not {@code ddd}, {@code ddd text} or {@code ddd-text}
     */
    SmtpReply readReply(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> lines = new ArrayList<>();
        int code = 0;
        while (true) {
            String line = readLine(deadline);
            if (line.length() < 3 || !Character.isDigit(line.charAt(0)) || !Character.isDigit(line.charAt(1))
                    || !Character.isDigit(line.charAt(2)) || line.length() > 3 && line.charAt(3) != ' '
                    && line.charAt(3) != '-' || line.charAt(0) < '1' || line.charAt(0) > '5') {
                throw new MalformedReplyException(line);
            }
            int lineCode = Integer.parseInt(line.substring(0, 3));
            if (code != 0 && lineCode != code) {
                throw new MalformedReplyException(line);
            }
            code = lineCode;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new SmtpReply(code, lines);
            }
        }
    }

    private String readLine(long deadline) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            while (in.hasRemaining()) {
                char c = (char) (in.get() & 0xff);
                if (c == '\n') {
                    int end = line.length();
                    if (end > 0 && line.charAt(end - 1) == '\r') {
                        line.setLength(end - 1);
                    }
                    return line.toString();
                }
                if (line.length() >= MAX_LINE) {
                    throw new MalformedReplyException(line.substring(0, 80));
                }
                line.append(c);
            }
            in.clear();
            int n = channel.read(in);
            while (n == 0) {
                waitFor(SelectionKey.OP_READ, deadline, "read");
                n = channel.read(in);
            }
            in.flip();
            if (n < 0) {
                throw new EOFException("connection closed by the server");
            }
        }
    }

    private void waitFor(int operation, long deadline, String what) throws IOException {
        SelectionKey key = channel.register(selector, operation);
        try {
            await(selector, deadline, what);
        } finally {
            key.interestOps(0);
        }
    }

    private static void await(Selector selector, long deadline, String what) throws IOException {
        long left = deadline == Long.MAX_VALUE ? 0 : deadline - System.nanoTime();
        if (deadline != Long.MAX_VALUE && left <= 0) {
            throw new SocketTimeoutException(what + " timed out");
        }
        int ready = deadline == Long.MAX_VALUE ? selector.select() : selector.select(Math.max(1, left / 1_000_000));
        selector.selectedKeys().clear();
        if (ready == 0 && deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0) {
            throw new SocketTimeoutException(what + " timed out");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }

    /** A line from the server that is not a reply line; its text (printable) is the message. */
    static final class MalformedReplyException extends IOException {
        private static final long serialVersionUID = 1L;

        MalformedReplyException(String line) {
            super(line);
        }
    }
}
