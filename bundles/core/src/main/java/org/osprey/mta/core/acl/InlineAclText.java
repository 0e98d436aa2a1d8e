package org.osprey.mta.core.acl;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.core.config.Location;
import org.osprey.mta.core.config.LogicalLine;

/**
 * Splits the text of an ACL given in an option or a file into logical lines, as Exim's
 * acl_getline does: leading white space and blank lines are skipped, lines starting with
 * {@code #} are comments (also inside a continuation), and a backslash at the end of a line
 * (trailing white space allowed) joins the next line, whose leading white space is dropped.
 */
final class InlineAclText {
    private InlineAclText() {
    }

    static List<LogicalLine> lines(String text, String file) {
        List<LogicalLine> out = new ArrayList<>();
        String[] physical = text.split("\n", -1);
        int i = 0;
        while (i < physical.length) {
            String line = physical[i++].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            StringBuilder joined = new StringBuilder();
            while (true) {
                String trimmed = stripTrailing(line);
                if (!trimmed.endsWith("\\")) {
                    joined.append(line);
                    break;
                }
                joined.append(trimmed, 0, trimmed.length() - 1);
                line = null;
                while (i < physical.length) {
                    String next = stripLeading(physical[i++]);
                    if (!next.startsWith("#")) {
                        line = next;
                        break;
                    }
                }
                if (line == null) {
                    break;
                }
            }
            out.add(new LogicalLine(joined.toString(), new Location(file, i)));
        }
        return out;
    }

    private static String stripTrailing(String s) {
        int e = s.length();
        while (e > 0 && AclParser.isSpace(s.charAt(e - 1))) {
            e--;
        }
        return s.substring(0, e);
    }

    private static String stripLeading(String s) {
        int b = 0;
        while (b < s.length() && (s.charAt(b) == ' ' || s.charAt(b) == '\t')) {
            b++;
        }
        return s.substring(b);
    }
}
