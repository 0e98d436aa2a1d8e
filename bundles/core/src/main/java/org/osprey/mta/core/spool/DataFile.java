package org.osprey.mta.core.spool;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a -D file: checks that its first line names the message, and streams the body that
 * follows. It never reads the body into memory whole and never writes (see
 * {@link DataFileWriter}).
 */
public final class DataFile {

    private DataFile() {
    }

    /**
     * Opens the body of the -D file at {@code file}, positioned after the id line.
     *
     * @throws SpoolFormatException if the first line is not {@code <id>-D}
     */
    public static InputStream openBody(Path file, MessageId id) throws IOException {
        // Under this process's lock, a second descriptor's close would drop the lock.
        Optional<MessageLock> lock = MessageLock.held(file);
        InputStream raw = lock.isPresent() ? lock.get().read(0) : Files.newInputStream(file);
        InputStream in = new BufferedInputStream(raw, 64 * 1024);
        try {
            byte[] expected = (id + "-D\n").getBytes(StandardCharsets.US_ASCII);
            byte[] first = in.readNBytes(expected.length);
            if (!java.util.Arrays.equals(first, expected)) {
                throw new SpoolFormatException(file + ": the first line is not " + id + "-D");
            }
            return in;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
