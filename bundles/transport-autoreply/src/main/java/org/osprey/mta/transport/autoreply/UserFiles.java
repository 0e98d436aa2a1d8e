package org.osprey.mta.transport.autoreply;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.kernel.transport.Credentials;

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
    private static final int READ = 4;
    private static final int WRITE = 2;
    private static final int SEARCH = 1;

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
            searchable(file.toAbsolutePath().getParent());
            require(file, READ);
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
            searchable(dir);
            require(exists ? file : dir, exists ? WRITE : WRITE | SEARCH);
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

    /** Search permission on each directory from the root down to {@code dir}, links resolved. */
    private void searchable(Path dir) throws IOException {
        Path real;
        try {
            real = dir.toRealPath();
        } catch (NoSuchFileException e) {
            Path parent = dir.getParent();
            if (parent != null) {
                searchable(parent);
            }
            return;
        }
        Path walked = real.getRoot();
        require(walked, SEARCH);
        for (Path part : real) {
            walked = walked.resolve(part);
            require(walked, SEARCH);
        }
    }

    /** generic_permission: the owner's bits for the owner, else the group's for a member, else the others'. */
    private void require(Path path, int wanted) throws IOException {
        Map<String, Object> st = Files.readAttributes(path, "unix:uid,gid,mode");
        int mode = (Integer) st.get("mode");
        int fileUid = (Integer) st.get("uid");
        int fileGid = (Integer) st.get("gid");
        int bits = fileUid == user.uid() ? mode >> 6
                : fileGid == user.gid() || user.groups().contains(fileGid) ? mode >> 3 : mode;
        if ((bits & wanted) != wanted) {
            throw new AccessDeniedException(path.toString());
        }
    }
}
