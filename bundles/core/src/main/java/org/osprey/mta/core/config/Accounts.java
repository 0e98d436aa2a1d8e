package org.osprey.mta.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The system's users and groups, read from passwd and group files in their usual format,
 * for the options that take a user or group ({@code exim_user}, {@code never_users},
 * {@code system_filter_group} ...). Lookups by name and by number return the first entry
 * that fits, as getpwnam and getpwuid do with files. Never consults any other directory
 * service, and never changes anything.
 */
public final class Accounts {
    /** One user: name, uid and primary gid. */
    record User(String name, long uid, long gid) {
    }

    /** One group: name and gid. */
    record Group(String name, long gid) {
    }

    private final List<User> users;
    private final List<Group> groups;

    private Accounts(List<User> users, List<Group> groups) {
        this.users = List.copyOf(users);
        this.groups = List.copyOf(groups);
    }

    /** The accounts of this system: {@code /etc/passwd} and {@code /etc/group}. */
    public static Accounts system() {
        return fromFiles(Path.of("/etc/passwd"), Path.of("/etc/group"));
    }

    /** Accounts from these files; a file that cannot be read counts as empty. */
    public static Accounts fromFiles(Path passwd, Path group) {
        List<User> users = new ArrayList<>();
        for (String[] f : fields(passwd)) {
            if (f.length >= 4) {
                Long uid = number(f[2]);
                Long gid = number(f[3]);
                if (uid != null && gid != null) {
                    users.add(new User(f[0], uid, gid));
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        for (String[] f : fields(group)) {
            if (f.length >= 3) {
                Long gid = number(f[2]);
                if (gid != null) {
                    groups.add(new Group(f[0], gid));
                }
            }
        }
        return new Accounts(users, groups);
    }

    Optional<User> user(String name) {
        return users.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    Optional<User> user(long uid) {
        return users.stream().filter(u -> u.uid() == uid).findFirst();
    }

    Optional<Group> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    Optional<Group> group(long gid) {
        return groups.stream().filter(g -> g.gid() == gid).findFirst();
    }

    /** The user's name, or the number when no user has it (as {@code -bP} shows a uid). */
    String userName(long uid) {
        return user(uid).map(User::name).orElse(Long.toString(uid));
    }

    /** The group's name, or the number when no group has it. */
    String groupName(long gid) {
        return group(gid).map(Group::name).orElse(Long.toString(gid));
    }

    private static List<String[]> fields(Path file) {
        List<String[]> rows = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    rows.add(line.split(":", -1));
                }
            }
        } catch (IOException e) {
            // No such file: no accounts from it, as when the system has none.
        }
        return rows;
    }

    private static Long number(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
