package org.osprey.mta.core.smtp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's user and group ids (the owner of /proc/self), 0 where that cannot be read. */
final class ProcessIds {
    private ProcessIds() {
    }

    static long uid() {
        return attribute("unix:uid");
    }

    static long gid() {
        return attribute("unix:gid");
    }

    private static long attribute(String name) {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), name)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 0;
        }
    }
}
