package org.osprey.mta.router.redirect;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * User and group ids for {@code owners} and {@code owngroups}: a number is taken as it is, a
 * name is looked up in {@code /etc/passwd} or {@code /etc/group}, as Exim's getpwnam and
 * getgrnam do with files, when the configuration is read.
 */
final class SystemIds {
    private SystemIds() {
    }

    /** The uid of a user name or number, or null when there is no such user. */
    static Long user(String name) {
        return id(name, Path.of("/etc/passwd"));
    }

    /** The gid of a group name or number, or null when there is no such group. */
    static Long group(String name) {
        return id(name, Path.of("/etc/group"));
    }

    private static Long id(String name, Path file) {
        if (name.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(name);
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3 && f[0].equals(name)) {
                    return Long.parseLong(f[2]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // An unreadable file or a broken line: no such name.
        }
        return null;
    }
}
