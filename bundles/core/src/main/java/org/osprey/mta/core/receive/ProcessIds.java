package org.osprey.mta.core.receive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's user and group ids: the owner of /proc/self is the process itself, so no
 * native call is needed.
 */
public final class ProcessIds {
    private ProcessIds() {
    }

    /** The user id, or {@code unknown} where /proc cannot be read. */
    public static long uid(long unknown) {
        return attribute("unix:uid", unknown);
    }

    /** The group id, or {@code unknown} where /proc cannot be read. */
    public static long gid(long unknown) {
        return attribute("unix:gid", unknown);
    }

    private static long attribute(String name, long unknown) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), name)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return unknown;
        }
    }
}
