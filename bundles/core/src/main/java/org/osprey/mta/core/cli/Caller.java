package org.osprey.mta.core.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Who runs the command: the login name, user id and group id, as Exim takes them for
 * {@code $caller_uid}, {@code $sender_address} and the administrator checks.
 *
 * @param login the login name
 * @param uid the user id, or -1 when it cannot be found
 * @param gid the group id, or -1 when it cannot be found
 */
record Caller(String login, long uid, long gid) {

    static Caller current() {
        // The owner of /proc/self is this process: no native call needed.
        Path self = Path.of("/proc/self");
        return new Caller(System.getProperty("user.name", ""), id(self, "unix:uid"), id(self, "unix:gid"));
    }

    private static long id(Path path, String attribute) {
        try {
            return ((Number) Files.getAttribute(path, attribute)).longValue();
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return -1;
        }
    }
}
