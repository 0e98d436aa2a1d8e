package org.osprey.mta.core.cli;

import org.osprey.mta.core.receive.ProcessIds;

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
        return new Caller(System.getProperty("user.name", ""), ProcessIds.uid(-1), ProcessIds.gid(-1));
    }
}
