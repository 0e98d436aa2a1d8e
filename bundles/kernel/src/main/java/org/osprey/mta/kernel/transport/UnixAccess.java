package org.osprey.mta.kernel.transport;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The kernel's permission check made on behalf of a delivery's user, for a JVM that cannot
 * change its uid per thread but runs as root: Exim's transports run under the user's uid
 * and gid, so what that user may not do must fail here too. The owner, group and mode bits
 * are used as Linux's generic_permission uses them, with the user's primary and
 * supplementary groups; POSIX ACLs, capabilities and LSMs are not consulted.
 */
public final class UnixAccess {
    public static final int READ = 4;
    public static final int WRITE = 2;
    public static final int SEARCH = 1;

    private UnixAccess() {
    }

    /**
     * Requires the {@code wanted} bits ({@link #READ}, {@link #WRITE}, {@link #SEARCH}, or'ed)
     * on {@code path}: the owner's bits for the owner, else the group's for a member, else the
     * others'.
     *
     * @throws AccessDeniedException when the user lacks one of them
     */
    public static void require(Credentials user, Path path, int wanted) throws IOException {
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

    /**
     * Requires search permission on every directory from the root to {@code dir}, itself
     * included, along the path the kernel walks (a symbolic link replaced by what it points
     * to). Where {@code dir} does not exist, as far as it does: the missing part is the
     * caller's to find.
     */
    public static void requireSearch(Credentials user, Path dir) throws IOException {
        Path real;
        try {
            real = dir.toAbsolutePath().toRealPath();
        } catch (NoSuchFileException e) {
            Path parent = dir.toAbsolutePath().getParent();
            if (parent != null) {
                requireSearch(user, parent);
            }
            return;
        }
        Path walked = real.getRoot();
        require(user, walked, SEARCH);
        for (Path part : real) {
            walked = walked.resolve(part);
            require(user, walked, SEARCH);
        }
    }
}
