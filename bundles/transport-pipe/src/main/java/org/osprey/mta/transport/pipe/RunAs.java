package org.osprey.mta.transport.pipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.osprey.mta.kernel.transport.Credentials;

/**
 * Who the command runs as. Exim runs a local delivery in a process that has changed to the
 * delivery's uid and gid (exim_setugid); the JVM cannot change its own user, so when it runs
 * as root the command is started through util-linux's {@code setpriv}, which sets the real and
 * effective ids and the supplementary groups and then executes the rest of the line. When
 * the JVM is not root it can only run the command as itself: a delivery for another user then
 * fails as Exim's does when setuid() is refused.
 *
 * @param uid the JVM's effective uid
 * @param gid the JVM's effective gid
 */
record RunAs(int uid, int gid) {
    static final String SETPRIV = "/usr/bin/setpriv";
    private static final int ROOT = 0;

    /** The JVM's own user: the owner of /proc/self is the process's effective uid and gid. */
    static RunAs jvm() {
        try {
            Path self = Path.of("/proc/self");
            return new RunAs((Integer) Files.getAttribute(self, "unix:uid"),
                    (Integer) Files.getAttribute(self, "unix:gid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Not Linux: treated as an unprivileged process that can only run commands as itself.
            return new RunAs(-1, -1);
        }
    }

    /**
     * What goes in front of the command line: nothing when there are no credentials, or they
     * are the JVM's own and it is not root; the setpriv words when the JVM is root.
     *
     * @throws Refused when the JVM is not root and the delivery is for another user or group
     */
    List<String> prefix(Optional<Credentials> credentials) throws Refused {
        if (credentials.isEmpty()) {
            return List.of();
        }
        Credentials c = credentials.get();
        if (uid != ROOT) {
            if (c.uid() != uid || c.gid() != gid) {
                throw new Refused(c, uid);
            }
            return List.of();
        }
        String groups = c.groups().isEmpty() ? "--clear-groups"
                : "--groups=" + c.groups().stream().map(String::valueOf).collect(Collectors.joining(","));
        return List.of(SETPRIV, "--reuid=" + c.uid(), "--regid=" + c.gid(), groups, "--");
    }

    /** The JVM may not become the delivery's user. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(Credentials c, int euid) {
            super("unable to set gid=" + c.gid() + " or uid=" + c.uid() + " (euid=" + euid + ")", null, false, false);
        }
    }
}
