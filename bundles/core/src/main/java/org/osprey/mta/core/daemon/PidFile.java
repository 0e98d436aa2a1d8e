package org.osprey.mta.core.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;

/**
 * The daemon's pid file: {@code -oP path}, else pid_file_path when the configuration sets
 * it, else {@code exim-daemon.pid} in the spool directory (Exim's built-in default; the
 * Debian build's /run/exim4/exim.pid, which {@code -bP} shows, needs root). As in Exim,
 * a daemon given {@code -oX} writes none unless {@code -oP} is given too. Written with the
 * pid and a newline; removed at a clean exit if it still names this process.
 */
public final class PidFile {
    private final Path path;
    private final long pid;

    private PidFile(Path path, long pid) {
        this.path = path;
        this.pid = pid;
    }

    /**
     * Where the pid file goes, or empty for none.
     *
     * @param override the -oP path, or null
     * @param interfacesOverridden -oX was given
     * @param expandedPath pid_file_path expanded, or null when the configuration does not set it
     */
    public static Optional<Path> path(Configuration config, String override, boolean interfacesOverridden,
            String expandedPath) {
        if (override != null) {
            return Optional.of(Path.of(override));
        }
        if (interfacesOverridden) {
            return Optional.empty();
        }
        if (expandedPath != null && !expandedPath.isEmpty()) {
            return Optional.of(Path.of(expandedPath));
        }
        return Optional.of(Path.of(config.get(MainOptions.SPOOL_DIRECTORY)).resolve("exim-daemon.pid"));
    }

    /** Writes this process's pid to {@code path}. */
    public static PidFile write(Path path, long pid) throws IOException {
        if (!path.isAbsolute()) {
            throw new IOException("pid file path " + path + " must be absolute");
        }
        Files.writeString(path, pid + "\n", StandardCharsets.US_ASCII);
        return new PidFile(path, pid);
    }

    public Path path() {
        return path;
    }

    /** Removes the file if it still holds this pid (another daemon may have taken it over). */
    public void remove() {
        try {
            if (Files.readString(path, StandardCharsets.US_ASCII).trim().equals(Long.toString(pid))) {
                Files.delete(path);
            }
        } catch (IOException e) {
            // Gone already, or not ours to remove.
        }
    }
}
