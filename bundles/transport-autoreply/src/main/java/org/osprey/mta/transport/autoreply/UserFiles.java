package org.osprey.mta.transport.autoreply;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.UnixAccess;

/**
 * The files autoreply reads and writes (the {@code file}, the {@code once} file with
 * {@code once_file_size}, the {@code log}) as the delivery's user. Exim runs the
 * transport under the user's uid and gid, so the kernel refuses what the user may not do
 * and new files belong to the user. A JVM running as root for a delivery with
 * {@link org.osprey.mta.kernel.transport.Delivery#credentials() credentials} does the
 * kernel's permission checks itself (owner, group and other bits, with the user's
 * groups: search on each directory of the path, write on the directory of a new name,
 * read or write on an existing file) and gives each file it creates to the user (lchown
 * right after creation). Otherwise the JVM's own rights apply and nothing is done here.
 */
final class UserFiles {
    private final Credentials user;

    private UserFiles(Credentials user) {
        this.user = user;
    }

    /** For a JVM whose effective uid is {@code processUid}. */
    static UserFiles of(Optional<Credentials> credentials, int processUid) {
        boolean enforcing = credentials.isPresent() && processUid == 0 && credentials.get().uid() != 0;
        return new UserFiles(enforcing ? credentials.get() : null);
    }

    /** For this JVM, as /proc/self says who it is. */
    static UserFiles of(Optional<Credentials> credentials) {
        int uid;
        try {
            uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | RuntimeException e) {
            uid = -1;
        }
        return of(credentials, uid);
    }

    /** Before opening {@code file} for reading. */
    void mayRead(Path file) throws IOException {
        if (user != null) {
            UnixAccess.requireSearch(user, file.toAbsolutePath().getParent());
            UnixAccess.require(user, file, UnixAccess.READ);
        }
    }

    /**
     * Before opening {@code file} for writing, creating it when missing: write on the file
     * when it exists, else write and search on its directory. Returns whether it exists, so
     * that the caller gives a new file to the user ({@link #ownIfNew}).
     */
    boolean mayWrite(Path file) throws IOException {
        boolean exists = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        if (user != null) {
            Path dir = file.toAbsolutePath().getParent();
            UnixAccess.requireSearch(user, dir);
            UnixAccess.require(user, exists ? file : dir,
                    exists ? UnixAccess.WRITE : UnixAccess.WRITE | UnixAccess.SEARCH);
        }
        return exists;
    }

    /** After opening: a file that did not exist before is handed to the user's uid and gid. */
    void ownIfNew(Path file, boolean existed) throws IOException {
        if (user != null && !existed) {
            Files.setAttribute(file, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(file, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
        }
    }
}
