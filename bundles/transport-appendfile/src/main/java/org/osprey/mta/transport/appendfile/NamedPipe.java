package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Opening a named pipe for writing as Exim does, with O_WRONLY|O_NDELAY: at once when a
 * process is reading it, else an ENXIO error. The JDK cannot open without blocking, so the
 * open runs in another thread; when it has not finished after a short wait there is no
 * reader, and this class opens the pipe for reading itself, which lets the blocked open
 * finish, closes both ends, and reports ENXIO.
 */
final class NamedPipe {
    /** How long a reader has to be there: open(2) with a reader present takes microseconds. */
    private static final long WAIT_MILLIS = 500;
    private static final String ENXIO = "No such device or address";

    private NamedPipe() {
    }

    static FileChannel openForWriting(Path fifo) throws IOException, InterruptedException {
        CompletableFuture<FileChannel> writer = new CompletableFuture<>();
        Thread opener = new Thread(() -> {
            try {
                writer.complete(FileChannel.open(fifo, StandardOpenOption.WRITE));
            } catch (IOException | RuntimeException e) {
                writer.completeExceptionally(e);
            }
        }, "appendfile fifo open");
        opener.setDaemon(true);
        opener.start();
        try {
            return writer.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            try (FileChannel reader = FileChannel.open(fifo, StandardOpenOption.READ)) {
                writer.thenAccept(NamedPipe::closeQuietly);
                opener.join(WAIT_MILLIS * 5);
            }
            throw new FileSystemException(fifo.toString(), null, ENXIO);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // it was never used
        }
    }
}
