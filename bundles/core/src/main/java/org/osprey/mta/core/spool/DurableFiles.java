package org.osprey.mta.core.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The durable-write steps the spool is built from: write a whole file under a temporary name
 * in the target's directory, force it to disk, rename it over the target atomically, and force
 * the directory so the rename itself survives a crash. Nothing here returns before the disk has
 * the data. It never writes in place a file that a reader may be looking at.
 */
public final class DurableFiles {

    /** Exim's SPOOL_MODE: rw-r-----. */
    static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-r-----");

    private DurableFiles() {
    }

    /**
     * Replaces {@code target} with {@code content}, durably: {@code temp} (in the same
     * directory) is written and forced, renamed over {@code target}, and the directory forced.
     * A crash at any point leaves either the old file or the new one, and maybe the temp file.
     */
    public static void replace(Path target, Path temp, byte[] content) throws IOException {
        try (FileChannel ch = create(temp)) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        rename(temp, target);
    }

    /** Opens {@code temp} for writing, truncating a stale one a crash left behind. */
    static FileChannel create(Path temp) throws IOException {
        FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        setMode(temp);
        return ch;
    }

    /** Renames a forced temp file over {@code target} atomically, then forces the directory. */
    static void rename(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        forceDirectory(target.getParent());
    }

    /**
     * Forces a directory's entries to disk (fsync on the directory). On Linux a directory
     * opens read-only and forces; a file system that refuses (some network ones) is tolerated,
     * as Exim tolerates EINVAL.
     */
    public static void forceDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (FileSystemException e) {
            String reason = e.getReason();
            if (reason == null || !reason.contains("Invalid argument")) {
                throw e;
            }
        }
    }

    /** Deletes a file if present and forces its directory, so the deletion survives a crash. */
    static boolean delete(Path file) throws IOException {
        boolean deleted = Files.deleteIfExists(file);
        if (deleted) {
            forceDirectory(file.getParent());
        }
        return deleted;
    }

    static void setMode(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(file, FILE_MODE);
        }
    }
}
