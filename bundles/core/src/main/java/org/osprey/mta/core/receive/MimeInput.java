package org.osprey.mta.core.receive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file read as Exim's MIME code reads its stdio stream: byte by byte with one byte of
 * push-back ({@code fgetc}/{@code ungetc}), line by line with a length limit ({@code fgets}),
 * and with {@link #position()}/{@link #seek} so that {@code decode} and {@code mime_regex}
 * can read ahead and come back. Only a small window of the file is in memory.
 */
final class MimeInput implements Closeable {
    private static final int WINDOW = 16384;

    private final FileChannel channel;
    private final ByteBuffer window = ByteBuffer.allocate(WINDOW);
    private long windowStart;
    private int windowLength;
    private long position;

    MimeInput(Path file) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
    }

    long position() {
        return position;
    }

    void seek(long to) {
        position = to;
    }

    /** fgetc: the next byte (0-255), or -1 at the end of the file. */
    int read() throws IOException {
        if (position < windowStart || position >= windowStart + windowLength) {
            fill();
            if (windowLength <= 0) {
                return -1;
            }
        }
        int b = window.get((int) (position - windowStart)) & 0xff;
        position++;
        return b;
    }

    /** ungetc of the byte just read. */
    void unread() {
        position--;
    }

    /**
     * fgets(buffer, size): at most {@code size - 1} bytes, stopping after a newline. Returns
     * the number of bytes read, or -1 when the file had none left.
     */
    int readLine(byte[] buffer, int size) throws IOException {
        int n = 0;
        while (n < size - 1) {
            int c = read();
            if (c < 0) {
                break;
            }
            buffer[n++] = (byte) c;
            if (c == '\n') {
                break;
            }
        }
        return n == 0 ? -1 : n;
    }

    private void fill() throws IOException {
        window.clear();
        windowStart = position;
        windowLength = 0;
        while (window.hasRemaining()) {
            int r = channel.read(window, windowStart + window.position());
            if (r <= 0) {
                break;
            }
        }
        windowLength = window.position();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
