package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The C library's text for the error behind an {@link IOException}. The JDK turns the
 * common errors into exception types without the text (EACCES, ENOENT, EEXIST ...) and
 * gives the rest as strerror's text, which is what Exim prints.
 */
final class Errno {
    static final String ENOSPC = "No space left on device";
    static final String EDQUOT = "Disk quota exceeded";
    static final String EACCES = "Permission denied";
    static final String ENOENT = "No such file or directory";
    static final String EPERM = "Operation not permitted";

    private Errno() {
    }

    static String text(IOException e) {
        if (e instanceof AccessDeniedException) {
            return EACCES;
        }
        if (e instanceof NoSuchFileException) {
            return ENOENT;
        }
        if (e instanceof FileAlreadyExistsException) {
            return "File exists";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "Directory not empty";
        }
        if (e instanceof FileSystemLoopException) {
            return "Too many levels of symbolic links";
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        if (text == null || text.isEmpty()) {
            return e.getClass().getSimpleName();
        }
        // The JDK's wording of ELOOP when a path is opened without following links.
        int or = text.indexOf(" or unable to access attributes of symbolic link");
        return or > 0 ? text.substring(0, or) : text;
    }

    /** ENOSPC and EDQUOT: both count as a quota error for the retry rules, as in Exim. */
    static boolean isQuota(String text) {
        return ENOSPC.equals(text) || EDQUOT.equals(text);
    }

    /** The errors for which a file delivery from a redirection fails instead of deferring. */
    static boolean isUserError(String text) {
        return EPERM.equals(text) || ENOENT.equals(text) || EACCES.equals(text);
    }
}
