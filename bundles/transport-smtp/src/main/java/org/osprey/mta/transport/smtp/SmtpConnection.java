package org.osprey.mta.transport.smtp;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
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
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.osprey.mta.kernel.model.SmtpReply;

/**
 * One client connection to an SMTP server: commands written, replies read, each with its
 * own time limit, as Exim does with select() (connect_timeout, command_timeout,
 * data_timeout per block written, final_timeout). A non-blocking channel and a selector
 * give every operation a deadline without a watchdog thread.
 *
 * <p>Commands are buffered until {@link #flush}, which is how PIPELINING sends MAIL, the
 * RCPTs and DATA in one write. After {@link #startTls} the same buffers hold clear text and
 * an {@link SSLEngine} turns them into TLS records on the channel. Never thread-safe; one
 * delivery owns it.
 */
final class SmtpConnection implements Closeable {
    /** A reply line longer than this is malformed (RFC 5321 allows 512 octets). */
    private static final int MAX_LINE = 16 * 1024;

    private final SocketChannel channel;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).flip();
    private final ByteBuffer out = ByteBuffer.allocate(64 * 1024);
    /** TLS records read from the channel and not yet unwrapped (read mode), and records to write. */
    private final ByteBuffer netIn = ByteBuffer.allocate(64 * 1024).flip();
    private final ByteBuffer netOut = ByteBuffer.allocate(64 * 1024);
    private SSLEngine tls;
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
        return open(to, timeout, keepalive, null);
    }

    /** @param from the local address to send from (the transport's {@code interface}), or null for the system's choice */
    static SmtpConnection open(InetSocketAddress to, Duration timeout, boolean keepalive, InetAddress from)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        Selector selector = null;
        try {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.setOption(StandardSocketOptions.SO_KEEPALIVE, keepalive);
            if (from != null) {
                channel.bind(new InetSocketAddress(from, 0));
            }
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
            if (tls == null) {
                bytesWritten += writeRaw(out, timeout);
                return;
            }
            while (out.hasRemaining()) {
                int before = out.remaining();
                netOut.clear();
                SSLEngineResult result = tls.wrap(out, netOut);
                if (result.getStatus() != SSLEngineResult.Status.OK) {
                    throw new SSLException("TLS write: " + result.getStatus());
                }
                netOut.flip();
                writeRaw(netOut, timeout);
                bytesWritten += before - out.remaining();
            }
        } finally {
            out.clear();
        }
    }

    /** Writes all of {@code buffer} to the channel, each block within {@code timeout}; returns the count. */
    private long writeRaw(ByteBuffer buffer, Duration timeout) throws IOException {
        long written = 0;
        while (buffer.hasRemaining()) {
            int n = channel.write(buffer);
            if (n == 0) {
                waitFor(SelectionKey.OP_WRITE, System.nanoTime() + timeout.toNanos(), "write");
            }
            written += n;
        }
        return written;
    }

    /**
     * Runs a client TLS handshake over the connection within {@code timeout}; afterwards every
     * command and reply goes through {@code engine}. Clear text the server sent before the
     * handshake is dropped, as it may not be trusted.
     */
    void startTls(SSLEngine engine, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        in.position(in.limit());
        tls = engine;
        engine.setUseClientMode(true);
        engine.beginHandshake();
        ByteBuffer scratch = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    netOut.clear();
                    SSLEngineResult result = engine.wrap(ByteBuffer.allocate(0), netOut);
                    netOut.flip();
                    writeRaw(netOut, timeout);
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("TLS handshake: connection closed by the TLS layer");
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    scratch.clear();
                    SSLEngineResult result = engine.unwrap(netIn, scratch);
                    if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && readRaw(deadline) < 0) {
                        throw new EOFException("connection closed by the server during the TLS handshake");
                    }
                    if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLException("TLS handshake: connection closed by the TLS layer");
                    }
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /** The TLS session after {@link #startTls}, else null. */
    SSLSession tlsSession() {
        return tls == null ? null : tls.getSession();
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
            if (fill(deadline) < 0) {
                throw new EOFException("connection closed by the server");
            }
        }
    }

    /** Refills {@link #in} (empty) with clear text; -1 at the end of the stream. */
    private int fill(long deadline) throws IOException {
        in.clear();
        try {
            if (tls == null) {
                int n = channel.read(in);
                while (n == 0) {
                    waitFor(SelectionKey.OP_READ, deadline, "read");
                    n = channel.read(in);
                }
                return n;
            }
            while (true) {
                SSLEngineResult result = tls.unwrap(netIn, in);
                if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return -1;
                }
                if (in.position() > 0) {
                    return in.position();
                }
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW && readRaw(deadline) < 0) {
                    return -1;
                }
            }
        } finally {
            in.flip();
        }
    }

    /** Reads more TLS records into {@link #netIn}, waiting until {@code deadline}; -1 at the end of the stream. */
    private int readRaw(long deadline) throws IOException {
        netIn.compact();
        try {
            int n = channel.read(netIn);
            while (n == 0) {
                waitFor(SelectionKey.OP_READ, deadline, "read");
                n = channel.read(netIn);
            }
            return n;
        } finally {
            netIn.flip();
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
            if (tls != null) {
                // close_notify, best effort: the channel is closed whether or not it goes out.
                tls.closeOutbound();
                netOut.clear();
                tls.wrap(ByteBuffer.allocate(0), netOut);
                netOut.flip();
                channel.write(netOut);
            }
        } catch (IOException e) {
            // The connection is being dropped anyway.
        }
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
