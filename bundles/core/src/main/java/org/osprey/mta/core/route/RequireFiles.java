package org.osprey.mta.core.route;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * The {@code require_files} precondition (Exim's check_files in route.c): a list of absolute
 * paths, each expanded on its own, that must exist ({@code !} for must not exist; {@code +}
 * to take "permission denied" as "does not exist"); a {@code user} or {@code user,group} item
 * makes the later paths be checked for read access by that user. Only reads file attributes;
 * never opens, creates or changes a file, and never changes its own identity (where Exim
 * forks as the user on a root-squashed NFS, this answers "permission denied").
 */
final class RequireFiles {
    /** The precondition is met, fails (the router is skipped), or defers with a message. */
    sealed interface Result {
    }

    record Met() implements Result {
    }

    record Skip() implements Result {
    }

    record Defer(String message) implements Result {
    }

    private final Passwd passwd;

    RequireFiles(Passwd passwd) {
        this.passwd = passwd;
    }

    Result check(String list, Expander expander) {
        if (list == null) {
            return new Met();
        }
        long uid = 0;
        long gid = 0;
        boolean ugidSet = false;
        ListReader reader = new ListReader(list);
        for (String check = reader.next(); check != null; check = reader.next()) {
            String ss;
            try {
                ss = expander.expand(check);
            } catch (ExpansionException e) {
                if (e.isForcedFailure()) {
                    continue;
                }
                return new Defer("failed to expand \"" + check + "\" for require_files: " + e.getMessage());
            }
            if (ss.isEmpty()) {
                continue;
            }
            if (ss.indexOf('/') < 0) {
                int comma = ss.indexOf(',');
                String user = comma < 0 ? ss : ss.substring(0, comma);
                Optional<Passwd.Entry> pw = Optional.empty();
                if (!user.isEmpty() && user.chars().allMatch(Character::isDigit)) {
                    uid = Long.parseLong(user);
                } else {
                    pw = passwd.user(user);
                    if (pw.isEmpty()) {
                        return new Defer("user \"" + ss + "\" for require_files not found");
                    }
                    uid = pw.get().uid();
                }
                if (comma < 0) {
                    if (pw.isEmpty()) {
                        return new Defer("group missing after numerical uid " + uid + " for require_files");
                    }
                    gid = pw.get().gid();
                } else {
                    String group = ss.substring(comma + 1);
                    OptionalLong g = group.chars().allMatch(Character::isDigit) && !group.isEmpty()
                            ? OptionalLong.of(Long.parseLong(group)) : passwd.groupId(group);
                    if (g.isEmpty()) {
                        return new Defer("group \"" + group + "\" for require_files not found\n");
                    }
                    gid = g.getAsLong();
                }
                ugidSet = true;
                continue;
            }
            boolean eaccesAsMissing = false;
            boolean invert = false;
            int i = 0;
            if (i < ss.length() && ss.charAt(i) == '+') {
                eaccesAsMissing = true;
                i = skipSpace(ss, i + 1);
            }
            if (i < ss.length() && ss.charAt(i) == '!') {
                invert = true;
                i = skipSpace(ss, i + 1);
            }
            ss = ss.substring(i);
            if (!ss.startsWith("/")) {
                return new Defer("require_files: \"" + ss + "\" is not absolute");
            }
            boolean exists;
            String error = stat(ss);
            if (error == null && ugidSet && !readable(Path.of(ss), uid, gid)) {
                error = "Permission denied";
            }
            if (error == null) {
                exists = true;
            } else if (error.equals("No such file or directory")
                    || (eaccesAsMissing && error.equals("Permission denied"))) {
                exists = false;
            } else {
                return new Defer("require_files: error for " + ss + ": " + error);
            }
            if (exists == invert) {
                return new Skip();
            }
        }
        return new Met();
    }

    /** Null when the path exists, else strerror's text for why stat() failed. */
    private static String stat(String path) {
        try {
            Files.readAttributes(Path.of(path), BasicFileAttributes.class);
            return null;
        } catch (NoSuchFileException e) {
            return "No such file or directory";
        } catch (NotDirectoryException e) {
            return "Not a directory";
        } catch (AccessDeniedException e) {
            return "Permission denied";
        } catch (IOException | RuntimeException e) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /**
     * Exim's route_check_access: every directory on the way must be searchable, and the
     * file readable, by {@code uid}/{@code gid}, judged from the owner, group and mode bits.
     */
    private static boolean readable(Path file, long uid, long gid) {
        if (uid == 0) {
            return true;
        }
        Path p = file.toAbsolutePath().normalize();
        if (!permits(p, uid, gid, 4)) {
            return false;
        }
        for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            if (!permits(dir, uid, gid, 1)) {
                return false;
            }
        }
        return true;
    }

    private static boolean permits(Path path, long uid, long gid, int bits) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:uid,gid,mode", new LinkOption[0]);
            int mode = ((Number) a.get("mode")).intValue();
            long owner = ((Number) a.get("uid")).longValue();
            long group = ((Number) a.get("gid")).longValue();
            int shift = owner == uid ? 6 : group == gid ? 3 : 0;
            return ((mode >> shift) & bits) == bits;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
