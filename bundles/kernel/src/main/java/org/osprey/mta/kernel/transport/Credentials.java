package org.osprey.mta.kernel.transport;

import java.util.List;
import java.util.Objects;

/**
 * The user a local delivery runs as.
 *
 * @param user the login name, for messages and the environment ({@code $USER}, {@code $LOGNAME})
 * @param uid the numeric user id
 * @param gid the primary group id
 * @param groups the supplementary groups: the user's own under {@code initgroups}, else none
 */
public record Credentials(String user, int uid, int gid, List<Integer> groups) {
    public Credentials {
        Objects.requireNonNull(user, "user");
        groups = List.copyOf(groups);
    }
}
