package org.osprey.mta.lookup.dsearch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.lookup.LookupDriver;
import org.osprey.mta.kernel.lookup.LookupRequest;
import org.osprey.mta.kernel.lookup.LookupResult;

/**
 * Exim's dsearch (lookups/dsearch.c): the "file" is a directory, and a key is found when
 * the directory has an entry of that name, whatever its type, symbolic links not followed
 * ({@code lstat}). The data is the key, or with {@code ret=full} the directory and the key
 * joined by a slash. {@code filter=file} accepts only regular files, {@code filter=dir}
 * only directories, {@code filter=subdir} directories other than {@code .} and
 * {@code ..}. A key with a slash defers. Nothing is cached: every find asks the file system.
 */
@Component(service = LookupDriver.class)
@MtaDriver(kind = MtaDriver.LOOKUP, name = "dsearch")
public final class DsearchDriver implements LookupDriver {

    @Override
    public Style style() {
        return Style.SINGLE_KEY;
    }

    @Override
    public LookupResult find(LookupRequest request) {
        String directory = request.file();
        String key = request.key();
        // Opened first, as Exim's opendir: the directory must exist and be readable.
        try {
            Files.newDirectoryStream(Path.of(directory)).close();
        } catch (IOException | InvalidPathException e) {
            return new LookupResult.Failed("failed to open " + directory + " for directory search: " + describe(e));
        }
        if (key.indexOf('/') >= 0) {
            return new LookupResult.Deferred("key for dsearch lookup contains a slash: " + key);
        }
        String entry = directory + "/" + key;
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(Path.of(entry), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return new LookupResult.NotFound(true);
        } catch (IOException | InvalidPathException e) {
            return new LookupResult.Deferred(entry + ": lstat: " + describe(e));
        }
        if (!Filter.of(request.options().get("filter")).accepts(key, attributes)) {
            return new LookupResult.NotFound(true);
        }
        return new LookupResult.Found("full".equals(request.options().get("ret")) ? entry : key, true);
    }

    /** The {@code filter=} option; an unknown value filters nothing, as in Exim. */
    private enum Filter {
        ANY, FILE, DIR, SUBDIR;

        static Filter of(String option) {
            if (option == null) {
                return ANY;
            }
            return switch (option) {
                case "file" -> FILE;
                case "dir" -> DIR;
                case "subdir" -> SUBDIR;
                default -> ANY;
            };
        }

        boolean accepts(String key, BasicFileAttributes attributes) {
            return switch (this) {
                case ANY -> true;
                case FILE -> attributes.isRegularFile();
                case DIR -> attributes.isDirectory();
                case SUBDIR -> attributes.isDirectory() && !key.equals(".") && !key.equals("..");
            };
        }
    }

    /** The C library's words for the error (strerror), as Exim writes them. */
    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
