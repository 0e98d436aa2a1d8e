package org.osprey.mta.core.queue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** The strerror() text Exim prints for the I/O failures Java reports as exceptions. */
final class SystemErrors {
    private SystemErrors() {
    }

    static boolean missing(IOException e) {
        return e instanceof NoSuchFileException || e instanceof java.io.FileNotFoundException;
    }

    static String text(IOException e) {
        if (missing(e)) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
