package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * What stat(2) tells and chmod(2) sets, through the JDK's "unix" and "posix" attribute
 * views (Linux and the BSDs have both). Only the permission bits (0777) are set; the
 * set-id and sticky bits are left as they are.
 */
final class FileFacts {
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
    };

    private FileFacts() {
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < BITS.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(BITS[bit]);
            }
        }
        return set;
    }

    /** A creation attribute for {@code mode}; the umask still applies, as to open(2) and mkdir(2). */
    static FileAttribute<Set<PosixFilePermission>> creationMode(int mode) {
        return PosixFilePermissions.asFileAttribute(permissions(mode));
    }

    /** chmod(2) with the permission bits of {@code mode}. */
    static void chmod(Path path, int mode) throws IOException {
        Files.setPosixFilePermissions(path, permissions(mode));
    }

    /** S_IFIFO, the file type of a named pipe in stat's st_mode. */
    static final int FIFO = 0010000;

    /** The file type bits (S_IFMT) of st_mode, following a symbolic link unless told not to; 0 if unknown. */
    static int type(Path path, LinkOption... how) throws IOException {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode", how)) & 0170000;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }

    /** The mode bits (07777) of the file itself, not of what a symbolic link points to. */
    static int mode(Path path) throws IOException {
        return mode(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The mode bits (07777), following a symbolic link unless told not to. */
    static int mode(Path path, LinkOption... how) throws IOException {
        try {
            return ((Integer) Files.getAttribute(path, "unix:mode", how)) & 07777;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            int mode = 0;
            Set<PosixFilePermission> set = Files.getPosixFilePermissions(path, how);
            for (int bit = 0; bit < BITS.length; bit++) {
                if (set.contains(BITS[bit])) {
                    mode |= 1 << bit;
                }
            }
            return mode;
        }
    }

    /** The number of hard links (following symbolic links); 1 where the system does not say. */
    static int links(Path path) {
        return links(path, new LinkOption[0]);
    }

    /** The number of hard links of the file itself. */
    static int linksNoFollow(Path path) {
        return links(path, LinkOption.NOFOLLOW_LINKS);
    }

    static int links(Path path, LinkOption... options) {
        try {
            return (Integer) Files.getAttribute(path, "unix:nlink", options);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1;
        }
    }

    /** The owner's uid of the file itself. */
    static int uid(Path path) throws IOException {
        return uid(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The owner's uid, following a symbolic link unless told not to. */
    static int uid(Path path, LinkOption... how) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:uid", how);
    }

    /** The group's gid of the file itself. */
    static int gid(Path path) throws IOException {
        return gid(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The group's gid, following a symbolic link unless told not to. */
    static int gid(Path path, LinkOption... how) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:gid", how);
    }

    /** The inode number (stat's st_ino) of the file itself. */
    static long inode(Path path) throws IOException {
        return inode(path, LinkOption.NOFOLLOW_LINKS);
    }

    /** The inode number, following a symbolic link unless told not to. */
    static long inode(Path path, LinkOption... how) throws IOException {
        try {
            return ((Number) Files.getAttribute(path, "unix:ino", how)).longValue();
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            Object key = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    how).fileKey();
            return key == null ? 0 : Integer.toUnsignedLong(key.hashCode());
        }
    }
}
