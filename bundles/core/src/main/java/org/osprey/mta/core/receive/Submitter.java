package org.osprey.mta.core.receive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Who submits a message: the real user running the command, as Exim takes it from getpwuid
 * and getgroups. The login goes into the -H file and the {@code U=} field, the uid and groups
 * decide whether the caller is trusted, and the gecos field gives the full name of an added
 * From: or Sender: header (when {@code -F} does not).
 *
 * @param login the login name, or null when the uid has no passwd entry ({@code unknown_login}
 *        is then used, as in Exim)
 * @param uid the real user id
 * @param gid the real group id
 * @param groups the supplementary group ids
 * @param gecos the passwd entry's gecos field ("" when none)
 */
public record Submitter(String login, long uid, long gid, List<Long> groups, String gecos) {

    public Submitter {
        groups = List.copyOf(groups);
        gecos = gecos == null ? "" : gecos;
    }

    /** A caller with no supplementary groups. */
    public static Submitter of(String login, long uid, long gid, String gecos) {
        return new Submitter(login, uid, gid, List.of(), gecos);
    }

    /**
     * The caller as this system knows it: the login (if any) and gecos field of {@code uid} in
     * {@code /etc/passwd}, and this process's supplementary groups from {@code /proc/self/status}.
     */
    public static Submitter ofSystemUser(long uid, long gid) {
        String login = null;
        String gecos = "";
        try {
            for (String line : new String(Files.readAllBytes(Path.of("/etc/passwd")), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split(":", -1);
                if (f.length >= 5 && f[2].equals(Long.toString(uid))) {
                    login = f[0];
                    gecos = f[4];
                    break;
                }
            }
        } catch (IOException e) {
            // No passwd file: an unknown user, as when getpwuid fails.
        }
        List<Long> groups = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.ISO_8859_1)) {
                if (line.startsWith("Groups:")) {
                    for (String g : line.substring(7).trim().split("\\s+")) {
                        if (!g.isEmpty()) {
                            groups.add(Long.parseLong(g));
                        }
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: the primary group only.
        }
        return new Submitter(login, uid, gid, groups, gecos);
    }
}
