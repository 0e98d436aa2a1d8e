package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The {@code create_file} option: where the transport may create a file or directory
 * (Exim's check_creation). {@code anywhere} allows everything; {@code inhome} allows a
 * name directly in the home directory, {@code belowhome} anywhere below it without
 * {@code /../} and, once symbolic links are resolved, still below it; an absolute path is
 * {@code belowhome} with that directory instead of the home directory. Without a home
 * directory (and no path) nothing is checked, as in Exim.
 *
 * @param kind which rule
 * @param directory the absolute path given instead of the home directory, or null
 */
record CreateFile(Kind kind, String directory) {

    enum Kind { ANYWHERE, INHOME, BELOWHOME }

    static final CreateFile ANYWHERE = new CreateFile(Kind.ANYWHERE, null);

    /** Reads the option as Exim's init does; null when the value is not valid. An empty value is "anywhere". */
    static CreateFile parse(String text) {
        if (text.isEmpty() || text.equals("anywhere")) {
            return ANYWHERE;
        }
        if (text.startsWith("/")) {
            return new CreateFile(Kind.BELOWHOME, text);
        }
        if (text.equals("belowhome")) {
            return new CreateFile(Kind.BELOWHOME, null);
        }
        if (text.equals("inhome")) {
            return new CreateFile(Kind.INHOME, null);
        }
        return null;
    }

    /** The directory the rule is checked against: the configured path, else the home directory (null or "" for none). */
    String checkDirectory(String home) {
        return directory != null ? directory : home;
    }

    /** Whether {@code filename} may be created, given the home directory ({@code $home}, possibly empty). */
    boolean permits(String filename, String home) {
        String dir = checkDirectory(home);
        if (kind == Kind.ANYWHERE || dir == null || dir.isEmpty()) {
            return true;
        }
        int len = dir.length();
        String file = filename;
        while (file.startsWith("//")) {
            file = file.substring(1);
        }
        if (!file.startsWith(dir) || file.length() <= len || file.charAt(len) != '/') {
            return false;
        }
        // Exim looks for a further slash from two characters past the home directory's end.
        boolean deeper = file.length() > len + 2 && file.indexOf('/', len + 2) >= 0;
        if (deeper && (kind != Kind.BELOWHOME || file.indexOf("/../", len) >= 0)) {
            return false;
        }
        return kind != Kind.BELOWHOME || realPathStaysBelow(file, dir);
    }

    /**
     * The longest existing leading part of the name, with symbolic links resolved, must start
     * the same as the (resolved) home directory, compared over the shorter of the two.
     */
    private static boolean realPathStaysBelow(String file, String dir) {
        String real = null;
        for (int slash = file.lastIndexOf('/'); real == null && slash > 0; slash = file.lastIndexOf('/', slash - 1)) {
            try {
                real = Path.of(file.substring(0, slash)).toRealPath().toString();
            } catch (IOException | RuntimeException e) {
                // that part does not exist: try a shorter one
            }
        }
        if (real == null) {
            return true;
        }
        String home = dir;
        try {
            home = Path.of(dir).toRealPath().toString();
        } catch (IOException | RuntimeException e) {
            // compare with the home directory as given
        }
        int compared = Math.min(real.length(), home.length());
        return real.regionMatches(0, home, 0, compared);
    }
}
