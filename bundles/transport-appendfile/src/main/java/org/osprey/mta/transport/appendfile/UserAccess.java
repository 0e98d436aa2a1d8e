package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;
import org.osprey.mta.kernel.transport.Credentials;
import org.osprey.mta.kernel.transport.UnixAccess;

/**
 * The user a delivery acts for, and the kernel's permission rules applied on that user's
 * behalf. Exim changes to the local user's uid and gid before it touches a mailbox, so the
 * kernel refuses what that user may not do and new files belong to the user. A JVM cannot
 * change its uid per thread, so when it runs as root and the delivery has
 * {@link Credentials}, this class does the kernel's checks itself before each step:
 * search permission on every directory of a path, write and search permission on the
 * directory a name is made in, write permission on a file opened for appending, and
 * chmod only by the owner; and it gives every file and directory it makes to the user's
 * uid and gid (lchown, right after creation, before anything is written to it).
 *
 * <p>The checks use the owner, group and mode bits as generic_permission does, with the
 * user's primary and supplementary groups; POSIX ACLs, capabilities and LSMs are not
 * consulted, and the check and the act are two system calls, so a user who can change a
 * directory between them is not stopped as the kernel would stop them. Without
 * credentials, or when the JVM is not root, nothing is checked here: the JVM's own rights
 * apply, and new files belong to the JVM's user.
 */
final class UserAccess {
    private final Credentials user;
    private final boolean enforcing;
    private final int uid;
    private final int gid;

    private UserAccess(Credentials user, boolean enforcing, int uid, int gid) {
        this.user = user;
        this.enforcing = enforcing;
        this.uid = uid;
        this.gid = gid;
    }

    /** The access of a delivery with these credentials, in a JVM whose effective uid is {@code processUid}. */
    static UserAccess of(Optional<Credentials> credentials, int processUid, int processGid) {
        if (credentials.isEmpty()) {
            return new UserAccess(null, false, processUid, processGid);
        }
        Credentials c = credentials.get();
        return new UserAccess(c, processUid == 0 && c.uid() != 0, c.uid(), c.gid());
    }

    /** For this JVM, as /proc/self says who it is. */
    static UserAccess of(Optional<Credentials> credentials) {
        return of(credentials, processId("uid"), processId("gid"));
    }

    private static int processId(String which) {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:" + which);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Whether the delivery names a user. Exim never delivers locally without one (it
     * refuses: "Neither the ... router nor the ... transport set a uid"); here a delivery
     * without credentials runs as the JVM, and check_owner and check_group are not made.
     */
    boolean hasUser() {
        return user != null;
    }

    /** The uid the delivery runs as: the credentials', else the JVM's. */
    int uid() {
        return uid;
    }

    int gid() {
        return gid;
    }

    /** "euid=N egid=N", as Exim adds to some messages. */
    String ids() {
        return uid < 0 ? "" : "euid=" + uid + " egid=" + gid;
    }

    /** Whether the checks are done here (root JVM, delivery for another user). */
    boolean enforcing() {
        return enforcing;
    }

    /** Before making a name in {@code dir}: search on every directory down to it, and write on it. */
    void mayCreateIn(Path dir) throws IOException {
        if (!enforcing) {
            return;
        }
        UnixAccess.requireSearch(user, dir);
        UnixAccess.require(user, dir, UnixAccess.WRITE | UnixAccess.SEARCH);
    }

    /** Before opening an existing {@code file} for writing (or removing a name in its directory). */
    void mayWrite(Path file) throws IOException {
        if (!enforcing) {
            return;
        }
        UnixAccess.requireSearch(user, file.toAbsolutePath().getParent());
        UnixAccess.require(user, file, UnixAccess.WRITE);
    }

    /** Before opening an existing {@code file} for reading. */
    void mayRead(Path file) throws IOException {
        if (!enforcing) {
            return;
        }
        UnixAccess.requireSearch(user, file.toAbsolutePath().getParent());
        UnixAccess.require(user, file, UnixAccess.READ);
    }

    /** Before looking at a name: search permission on every directory of {@code dir}, itself included. */
    void mayLookIn(Path dir) throws IOException {
        if (enforcing) {
            UnixAccess.requireSearch(user, dir);
        }
    }

    /** Before chmod(2): only the owner may (EPERM otherwise). */
    void mayChmod(Path file) throws IOException {
        if (enforcing && owner(file) != uid) {
            throw new FileSystemException(file.toString(), null, Errno.EPERM);
        }
    }

    /** After making {@code path}: hands it to the delivery's uid and gid (without following a link). */
    void own(Path path) throws IOException {
        if (user == null || !enforcing) {
            return;
        }
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    }

    private static int owner(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
