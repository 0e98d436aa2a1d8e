package org.osprey.mta.router.redirect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.osprey.mta.kernel.address.Rfc822;

/**
 * Reading the redirect router's {@code file}, as Exim 4.96's rda_get_file_contents and
 * rda_exists (rda.c): a file that does not exist, in a directory that does, is no file
 * (the router declines); otherwise it must be a regular file without the mode bits of
 * {@code modemask}, owned by the local user or one of {@code owners} when
 * {@code check_owner} is on, in the local user's group or one of {@code owngroups} when
 * {@code check_group} is on, and at most 1 MB. Error texts are Exim's.
 *
 * <p>Unlike Exim, the file is read with the privileges of this process: there is no
 * change to the local user's uid first.
 */
final class RedirectFile {
    /** Exim's MAX_FILTER_SIZE. */
    static final int MAX_FILTER_SIZE = 1024 * 1024;

    /** Exim's check of a file's owner and group, and its mode mask. */
    record Constraints(int modemask, boolean checkOwner, boolean checkGroup, Long userUid, Long userGid,
            Set<Long> owners, Set<Long> owngroups, boolean ignoreEacces, boolean ignoreEnotdir) {
    }

    /** What reading gave. */
    sealed interface Read {
    }

    /** The file's content, as text. */
    record Content(String text) implements Read {
    }

    /** FF_NONEXIST: no such file (or one treated so by ignore_eacces and ignore_enotdir). */
    record NonExistent() implements Read {
    }

    /** FF_ERROR, with Exim's message. */
    record Failed(String message) implements Read {
    }

    private RedirectFile() {
    }

    static Read read(String filename, Constraints c) {
        Path path = Path.of(filename);
        Map<String, Object> attributes;
        byte[] content;
        try {
            // Opening first, as Exim does, so that the errors are those of open(2).
            content = Files.readAllBytes(path);
            attributes = Files.readAttributes(path, "unix:mode,uid,gid,size");
        } catch (NoSuchFileException e) {
            if (c.ignoreEnotdir()) {
                return new NonExistent();
            }
            String unclear = existenceUnclear(filename);
            return unclear == null ? new NonExistent() : new Failed(unclear);
        } catch (AccessDeniedException e) {
            return c.ignoreEacces() ? new NonExistent() : new Failed(openFailed(filename, e));
        } catch (IOException e) {
            if (isNotDirectory(e)) {
                return c.ignoreEnotdir() ? new NonExistent() : new Failed(openFailed(filename, e));
            }
            if (Files.isDirectory(path)) {
                // fopen(3) opens a directory; the check of the type that follows refuses it.
                return new Failed(filename + " is not a regular file");
            }
            return new Failed(openFailed(filename, e));
        } catch (OutOfMemoryError e) {
            return new Failed(filename + " is too big (max " + MAX_FILTER_SIZE + ")");
        }
        int mode = (Integer) attributes.get("mode");
        if ((mode & 0170000) != 0100000) {
            return new Failed(filename + " is not a regular file");
        }
        if ((mode & c.modemask()) != 0) {
            return new Failed("bad mode (0" + Integer.toOctalString(mode) + ") for " + filename + ": 0"
                    + Integer.toOctalString(mode & c.modemask()) + " bit(s) unexpected");
        }
        long uid = Integer.toUnsignedLong((Integer) attributes.get("uid"));
        long gid = Integer.toUnsignedLong((Integer) attributes.get("gid"));
        boolean uidOk = !c.checkOwner()
                || (c.userUid() != null && c.userUid() == uid) || c.owners().contains(uid);
        boolean gidOk = !c.checkGroup()
                || (c.userGid() != null && c.userGid() == gid) || c.owngroups().contains(gid);
        if (!uidOk || !gidOk) {
            return new Failed("bad " + (uidOk ? "group" : "owner") + " for " + filename);
        }
        if ((Long) attributes.get("size") > MAX_FILTER_SIZE) {
            return new Failed(filename + " is too big (max " + MAX_FILTER_SIZE + ")");
        }
        return new Content(text(content));
    }

    /**
     * Exim's rda_exists after a failed open with ENOENT: the file's directory is looked at, so
     * that an unmounted or unreadable directory is not taken for a missing file.
     *
     * @return null when the file does not exist, else the message for the deferral
     */
    private static String existenceUnclear(String filename) {
        Path file = Path.of(filename);
        if (Files.exists(file)) {
            return "failed to stat " + filename + " (it appeared while being read)";
        }
        int slash = filename.lastIndexOf('/');
        String dot = filename.substring(0, slash + 1) + ".";
        try {
            Files.readAttributes(Path.of(dot), "unix:mode");
            return null;
        } catch (AccessDeniedException e) {
            String dir = filename.substring(0, slash);
            try {
                Files.readAttributes(Path.of(dir.isEmpty() ? "/" : dir), "unix:mode");
                return null;
            } catch (IOException e2) {
                return "failed to stat " + dir + " (" + strerror(e2) + ")";
            }
        } catch (IOException e) {
            return "failed to stat " + dot + " (" + strerror(e) + ")";
        }
    }

    /** Exim's string_open_failed. */
    static String openFailed(String filename, IOException e) {
        String text = "failed to open " + filename + ": " + strerror(e);
        if (e instanceof AccessDeniedException) {
            text += " (euid=" + ProcessIdentity.uid() + " egid=" + ProcessIdentity.gid() + ")";
        }
        return text;
    }

    /** The C library's words for the error behind an exception. */
    static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return String.valueOf(e.getMessage());
    }

    static boolean isNotDirectory(IOException e) {
        return e instanceof FileSystemException f && "Not a directory".equals(f.getReason());
    }

    /** File content as the text the engine works in: UTF-8 where it is not plain ASCII. */
    static String text(byte[] content) {
        return Rfc822.text(new String(content, StandardCharsets.ISO_8859_1));
    }

    /** This process's uid and gid, for Exim's "(euid=... egid=...)". */
    private static final class ProcessIdentity {
        private ProcessIdentity() {
        }

        static String uid() {
            return attribute("uid");
        }

        static String gid() {
            return attribute("gid");
        }

        private static String attribute(String name) {
            try {
                return String.valueOf(Integer.toUnsignedLong((Integer) Files.getAttribute(Path.of("/proc/self"),
                        "unix:" + name)));
            } catch (IOException | UnsupportedOperationException e) {
                return "-1";
            }
        }
    }
}
