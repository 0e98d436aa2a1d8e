package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.isSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * The configuration as {@code -bP config} shows it: every logical line as read (macros
 * replaced, comments and continuations gone), with {@code # N "file"} marks where a file
 * starts or an included file ends, laid out as Exim lays it out. Never shows hidden values
 * to a caller who is not an administrator.
 */
final class ConfigListing {
    static final String HIDDEN = "<value not displayable>";
    private final List<String> lines = new ArrayList<>();

    ConfigListing(String version) {
        lines.add("# Osprey Configuration (" + version + ")");
    }

    void position(String file, int line) {
        lines.add("# " + line + " \"" + file + "\"");
    }

    void line(String logicalLine) {
        lines.add(logicalLine);
    }

    /** The listing, as Exim's print_config writes it. */
    String print(boolean admin, boolean terse) {
        int step = terse ? 0 : 2;
        int indent = 0;
        StringBuilder out = new StringBuilder();
        for (String raw : lines) {
            String current = collapse(raw.substring(AsciiChars.skipSpace(raw, 0)));
            if (current.isEmpty()) {
                continue;
            }
            if (current.charAt(0) == '#') {
                out.append(current).append('\n');
            } else if (current.startsWith("begin") && isSpace(AsciiChars.at(current, 5))) {
                if (!terse) {
                    out.append('\n');
                }
                out.append(current).append('\n');
                indent = step;
            } else if (current.charAt(current.length() - 1) == ':' && current.indexOf('=') < 0) {
                if (!terse) {
                    out.append('\n');
                }
                out.append(" ".repeat(step)).append(current).append('\n');
                indent = 2 * step;
            } else if (!admin && (AsciiChars.isUpper(current.charAt(0))
                    || current.startsWith("hide") && isSpace(AsciiChars.at(current, 4)))) {
                int equals = current.indexOf('=');
                if (equals >= 0) {
                    out.append(" ".repeat(indent)).append(current, 0, equals).append("= ").append(HIDDEN);
                } else {
                    out.append(" ".repeat(Math.max(0, indent - HIDDEN.length()))).append(HIDDEN);
                }
                out.append('\n');
            } else {
                out.append(" ".repeat(indent)).append(current).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * Collapses runs of white space to one space, stopping at a quote or dollar, with
     * Exim's quirk: it checks for that character where it stood before the run was
     * shortened, so it stops only after a single white-space character.
     */
    static String collapse(String line) {
        StringBuilder s = new StringBuilder(line);
        for (int p = 0; p < s.length(); p++) {
            if (!isSpace(s.charAt(p))) {
                continue;
            }
            if (s.charAt(p) != ' ') {
                s.setCharAt(p, ' ');
            }
            int next = p;
            while (next < s.length() && isSpace(s.charAt(next))) {
                next++;
            }
            if (next - p > 1) {
                s.delete(p + 1, next);
            }
            char seen = AsciiChars.at(s, next);
            if (seen == '"' || seen == '\'' || seen == '$') {
                break;
            }
        }
        return s.toString();
    }
}
