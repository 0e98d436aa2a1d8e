package org.osprey.mta.core.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Exim's per-message lock: a write lock (fcntl, which is what Java's file locks are on Linux)
 * on the id line of the -D file, held while a process delivers or changes the message. Exim
 * and Osprey processes exclude one another through it. It never blocks: it is taken or not.
 */
public final class MessageLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private MessageLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Optional<MessageLock> tryLock(Path dataFile) throws IOException {
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
            return Optional.of(new MessageLock(ch, lock));
        } catch (OverlappingFileLockException e) {
            ch.close();
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
