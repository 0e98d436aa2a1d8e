package org.osprey.mta.core.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exim's per-message lock: a write lock (fcntl, which is what Java's file locks are on Linux)
 * on the id line of the -D file, held while a process delivers or changes the message. Exim
 * and Osprey processes exclude one another through it. It never blocks: it is taken or not.
 *
 * <p>An fcntl lock belongs to the process, and closing <em>any</em> descriptor of the file
 * releases it. So while a lock is held, this process must not open and close the -D file
 * again: {@link DataFile#openBody} reads the body through the locked channel instead (as
 * Exim reads through its deliver_datafile), which is why held locks are registered here.
 */
public final class MessageLock implements AutoCloseable {
    private static final Map<Path, MessageLock> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private MessageLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock this process holds on a -D file, if it holds one. */
    static Optional<MessageLock> held(Path dataFile) {
        return Optional.ofNullable(HELD.get(key(dataFile)));
    }

    private static Path key(Path dataFile) {
        return dataFile.toAbsolutePath().normalize();
    }

    /**
     * The file from {@code offset} on, read through the locked channel with positional
     * reads: closing the stream leaves the channel (and the lock) alone.
     */
    InputStream read(long offset) {
        return new InputStream() {
            private long position = offset;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n = channel.read(ByteBuffer.wrap(b, off, len), position);
                if (n > 0) {
                    position += n;
                }
                return n;
            }
        };
    }

    static Optional<MessageLock> tryLock(Path dataFile) throws IOException {
        Path key = key(dataFile);
        // Serialised in this JVM: a second descriptor opened (and closed) here while another
        // thread holds the lock would release it.
        synchronized (HELD) {
            if (HELD.containsKey(key)) {
                return Optional.empty();
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(dataFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            try {
                FileLock lock = ch.tryLock(0, DataFileWriter.DATA_START, false);
                if (lock == null) {
                    ch.close();
                    return Optional.empty();
                }
                MessageLock held = new MessageLock(key, ch, lock);
                HELD.put(key, held);
                return Optional.of(held);
            } catch (OverlappingFileLockException e) {
                ch.close();
                return Optional.empty();
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            try {
                lock.release();
            } finally {
                channel.close();
                HELD.remove(file, this);
            }
        }
    }
}
