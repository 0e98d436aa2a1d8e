package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.isNameChar;
import static org.osprey.mta.core.config.AsciiChars.isUpper;
import static org.osprey.mta.core.config.AsciiChars.skipSpace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The macros in force while the configuration is read, in definition order: the built-in
 * ones first, then those from the command line, then those the file defines. Replacement
 * follows Exim: a macro's name is replaced wherever it occurs in a line as a substring
 * (no word boundaries), each macro in turn, so a macro's replacement text is seen by the
 * macros defined after it but never by itself or those before it. Never expands anything
 * else, and never replaces inside the name of a definition.
 */
final class Macros {
    private static final int MAX_NAME = 63;
    private final List<Macro> all = new ArrayList<>();
    private final int firstUser;

    Macros(List<Macro> builtins) {
        all.addAll(builtins);
        firstUser = all.size();
    }

    /** A macro from {@code -D NAME=VALUE}. */
    void defineFromCommandLine(String name, String value) {
        all.add(new Macro(name, value, true, false));
    }

    /** Every macro, built-in ones first, as {@code -bP macros} lists them. */
    List<Macro> all() {
        return Collections.unmodifiableList(all);
    }

    /**
     * Replaces macros in {@code line} from {@code from} on (the physical line just read).
     *
     * @param startOfLogicalLine when true, a leading {@code NAME =} is a definition and its
     *        name is left alone
     * @return whether any macro was replaced
     */
    boolean expand(StringBuilder line, int from, boolean startOfLogicalLine) {
        int start = skipSpace(line, from);
        int s = start;
        if (startOfLogicalLine && isUpper(AsciiChars.at(line, s))) {
            while (isNameChar(AsciiChars.at(line, s))) {
                s++;
            }
            s = skipSpace(line, s);
            if (AsciiChars.at(line, s) != '=') {
                s = start;
            }
        }
        s = nextCandidate(line, s);
        boolean found = false;
        if (s < line.length()) {
            int first = line.charAt(s) == '_' ? 0 : firstUser;
            for (int m = first; m < all.size(); m++) {
                s = nextCandidate(line, s);
                if (s >= line.length()) {
                    break;
                }
                Macro macro = all.get(m);
                int t = s;
                int p;
                while ((p = line.indexOf(macro.name(), t)) >= 0) {
                    line.replace(p, p + macro.name().length(), macro.replacement());
                    t = nextCandidate(line, p + macro.replacement().length());
                    found = true;
                }
            }
        }
        return found;
    }

    /** The next place a macro name could start: an upper-case letter, or _ and one. */
    private static int nextCandidate(CharSequence line, int i) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (isUpper(c) || c == '_' && isUpper(AsciiChars.at(line, i + 1))) {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Handles a definition line ({@code NAME = text} or {@code NAME == text}), as Exim's
     * macro_read_assignment: a new macro, a redefinition, or nothing when the command
     * line defined the name.
     */
    void define(String line, Location location) throws ConfigException {
        int s = 0;
        StringBuilder name = new StringBuilder();
        while (isNameChar(AsciiChars.at(line, s))) {
            if (name.length() >= MAX_NAME) {
                throw ConfigException.macro(location,
                        "macro name too long (maximum is " + MAX_NAME + " characters)");
            }
            name.append(line.charAt(s++));
        }
        s = skipSpace(line, s);
        if (AsciiChars.at(line, s++) != '=') {
            throw ConfigException.macro(location, "malformed macro definition");
        }
        boolean redefine = false;
        if (AsciiChars.at(line, s) == '=') {
            redefine = true;
            s++;
        }
        s = skipSpace(line, s);
        String value = s < line.length() ? line.substring(s) : "";
        String newName = name.toString();
        int index = -1;
        for (int i = 0; i < all.size(); i++) {
            Macro m = all.get(i);
            if (m.name().equals(newName)) {
                if (!m.commandLine() && !redefine) {
                    throw ConfigException.macro(null, "macro \"" + newName
                            + "\" is already defined (use \"==\" if you want to redefine it)");
                }
                index = i;
                break;
            }
            if (m.name().length() < newName.length() && newName.contains(m.name())) {
                throw ConfigException.macro(null, "\"" + newName
                        + "\" cannot be defined as a macro because previously defined macro \"" + m.name()
                        + "\" is a substring");
            }
        }
        if (index >= 0 && all.get(index).commandLine()) {
            return;
        }
        if (redefine) {
            if (index < 0) {
                throw ConfigException.macro(null, "can't redefine an undefined macro \"" + newName + "\"");
            }
            Macro old = all.get(index);
            all.set(index, new Macro(old.name(), value, false, old.builtin()));
        } else {
            all.add(new Macro(newName, value, false, false));
        }
    }
}
