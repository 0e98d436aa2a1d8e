package org.osprey.mta.transport.autoreply;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * The C library's text (strerror) for the error behind an {@link IOException}, which Exim's
 * messages quote. The JDK turns the common errors into exception types without the text.
 */
final class Errno {
    private Errno() {
    }

    static String text(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        String text = e instanceof FileSystemException fse ? fse.getReason() : e.getMessage();
        return text == null || text.isEmpty() ? e.getClass().getSimpleName() : text;
    }
}
