package org.osprey.mta.core.route;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The users and groups routing asks about: {@code check_local_user} (getpwnam) and the
 * user and group items of {@code require_files}. {@link #system()} reads {@code /etc/passwd}
 * and {@code /etc/group}; tests give their own. Lookups return the first entry that fits,
 * as getpwnam does with files. Never consults any other directory service.
 */
public interface Passwd {

    /** One passwd entry (struct passwd). */
    record Entry(String name, long uid, long gid, String gecos, String home, String shell) {
    }

    Optional<Entry> user(String name);

    OptionalLong groupId(String name);

    /** The entry of a uid (getpwuid); empty where unknown. */
    default Optional<Entry> user(long uid) {
        return Optional.empty();
    }

    /** The groups that list {@code user} as a member (what initgroups adds); empty where unknown. */
    default List<Long> groupsOf(String user) {
        return List.of();
    }

    /** The system's {@code /etc/passwd} and {@code /etc/group}, read at each call. */
    static Passwd system() {
        return fromFiles(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** Files in the passwd and group formats, read at each call; a file that cannot be read counts as empty. */
    static Passwd fromFiles(Path passwd, Path group) {
        return new Passwd() {
            @Override
            public Optional<Entry> user(String name) {
                for (String[] f : rows(passwd)) {
                    if (f.length >= 7 && f[0].equals(name)) {
                        try {
                            return Optional.of(new Entry(f[0], Long.parseLong(f[2]), Long.parseLong(f[3]), f[4], f[5],
                                    f[6]));
                        } catch (NumberFormatException e) {
                            return Optional.empty();
                        }
                    }
                }
                return Optional.empty();
            }

            @Override
            public Optional<Entry> user(long uid) {
                for (String[] f : rows(passwd)) {
                    if (f.length >= 7 && f[2].equals(Long.toString(uid))) {
                        return user(f[0]);
                    }
                }
                return Optional.empty();
            }

            @Override
            public List<Long> groupsOf(String user) {
                List<Long> out = new ArrayList<>();
                for (String[] f : rows(group)) {
                    if (f.length >= 4 && List.of(f[3].split(",")).contains(user)) {
                        try {
                            out.add(Long.parseLong(f[2]));
                        } catch (NumberFormatException e) {
                            // A malformed line names no group.
                        }
                    }
                }
                return out;
            }

            @Override
            public OptionalLong groupId(String name) {
                for (String[] f : rows(group)) {
                    if (f.length >= 3 && f[0].equals(name)) {
                        try {
                            return OptionalLong.of(Long.parseLong(f[2]));
                        } catch (NumberFormatException e) {
                            return OptionalLong.empty();
                        }
                    }
                }
                return OptionalLong.empty();
            }
        };
    }

    private static List<String[]> rows(Path file) {
        List<String[]> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(line.split(":", -1));
                }
            }
        } catch (IOException e) {
            // An unreadable file has no entries, as getpwnam finds none.
        }
        return rows;
    }
}
