package org.osprey.mta.lookup.lsearch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parsed files of one lookup type, each re-read only when it changes: a find costs one
 * {@code stat}, and the file is read again when its modification time, size or identity
 * (inode) differ from the last read. A file modified less than {@link #SETTLE} before it
 * was read is read again on its next use, since two writes within one tick of the file
 * system's clock leave the same time. At most {@link #CAPACITY} files are kept, the least
 * recently used dropped first. Thread-safe.
 */
final class LinearFiles {
    static final int CAPACITY = 64;
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final Map<String, Loaded> loaded = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Loaded> eldest) {
            return size() > CAPACITY;
        }
    };

    /**
     * The file's current content.
     *
     * @throws OpenFailure with Exim's message when the file cannot be read or is not a regular file
     */
    LinearFile get(String file) throws OpenFailure {
        Path path = Path.of(file);
        Stamp stamp;
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                throw new OpenFailure(file + " is not a regular file (lsearch lookup)");
            }
            stamp = new Stamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
        } catch (IOException e) {
            throw openFailed(file, e);
        }
        synchronized (loaded) {
            Loaded known = loaded.get(file);
            if (known != null && known.settled() && known.stamp().equals(stamp)) {
                return known.content();
            }
        }
        LinearFile content;
        try {
            content = LinearFile.parse(new String(Files.readAllBytes(path), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw openFailed(file, e);
        }
        boolean settled = stamp.modified().toInstant().plus(SETTLE).isBefore(Instant.now());
        synchronized (loaded) {
            loaded.put(file, new Loaded(stamp, settled, content));
        }
        return content;
    }

    private static OpenFailure openFailed(String file, IOException e) {
        return new OpenFailure("failed to open " + file + " for linear search: " + SystemErrors.describe(e));
    }

    /** What identifies one version of a file. */
    private record Stamp(FileTime modified, long size, Object fileKey) {
    }

    private record Loaded(Stamp stamp, boolean settled, LinearFile content) {
    }

    /** The file could not be opened; the message is Exim's. */
    static final class OpenFailure extends Exception {
        private static final long serialVersionUID = 1L;

        OpenFailure(String message) {
            super(message);
        }
    }
}
