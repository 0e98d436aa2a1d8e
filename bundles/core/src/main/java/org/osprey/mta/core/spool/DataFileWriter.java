package org.osprey.mta.core.spool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Streams a message body into a new -D file: the first line is {@code <id>-D}, then the body
 * exactly as given (lines ending in LF; Exim's unix format). It counts the body's lines, NUL
 * bytes and bytes as they pass, for {@code -body_linecount} and {@code -body_zerocount}. It
 * writes under a temporary name through a small buffer, never holding the body in memory, and
 * never makes the file visible under its real name: {@link IncomingMessage} forces and renames
 * it.
 */
public final class DataFileWriter extends OutputStream {

    /** The length of the id line, {@code <id>-D\n}: Exim's SPOOL_DATA_START_OFFSET. */
    public static final int DATA_START = MessageId.LENGTH + 3;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long lines;
    private long zeros;
    private long bytes;
    private boolean atLineStart = true;
    private boolean closed;

    DataFileWriter(Path temp, MessageId id) throws IOException {
        this.channel = DurableFiles.create(temp);
        buffer.put((id + "-D\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public void write(int b) throws IOException {
        if (!buffer.hasRemaining()) {
            drain();
        }
        count((byte) b);
        buffer.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            count(b[i]);
        }
        int done = 0;
        while (done < len) {
            if (!buffer.hasRemaining()) {
                drain();
            }
            int n = Math.min(buffer.remaining(), len - done);
            buffer.put(b, off + done, n);
            done += n;
        }
    }

    private void count(byte b) {
        bytes++;
        if (b == 0) {
            zeros++;
        }
        if (b == '\n') {
            lines++;
            atLineStart = true;
        } else {
            atLineStart = false;
        }
    }

    private void drain() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** Lines in the body so far (a last line without LF counts, as in Exim). */
    public long lineCount() {
        return atLineStart ? lines : lines + 1;
    }

    /** NUL bytes in the body so far. */
    public long zeroCount() {
        return zeros;
    }

    /** Bytes of body so far (the id line not counted). */
    public long size() {
        return bytes;
    }

    /** Writes what is buffered and forces the file's data and metadata to disk. */
    void force() throws IOException {
        drain();
        channel.force(true);
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            channel.close();
        }
    }
}
