package org.osprey.mta.core.acl;

import java.util.List;
import java.util.Locale;
import org.osprey.mta.core.acl.AclResult.AddedHeader;
import org.osprey.mta.core.acl.AclResult.AddedHeader.Position;

/**
 * Exim's setup_header for {@code add_header} (and warn's {@code message} in message ACLs): the
 * text is one or more header lines (continuations kept together); each may start with
 * {@code :at_start:}, {@code :at_start_rfc:}, {@code :after_received:} or {@code :at_end:};
 * a line that does not start with a header name gets {@code X-ACL-Warn: } in front; a line
 * already added is not added again.
 */
final class HeaderSetup {
    private HeaderSetup() {
    }

    static void add(String text, List<AddedHeader> added) {
        String h = text;
        int start = 0;
        while (start < h.length() && h.charAt(start) == '\n') {
            start++;
        }
        h = h.substring(start);
        if (h.isEmpty()) {
            return;
        }
        int end = h.length();
        while (end > 0 && h.charAt(end - 1) == '\n') {
            end--;
        }
        h = h.substring(0, end) + "\n";
        int p = 0;
        while (p < h.length()) {
            int q = p;
            while (true) {
                q = h.indexOf('\n', q) + 1;
                if (q >= h.length() || (h.charAt(q) != ' ' && h.charAt(q) != '\t')) {
                    break;
                }
            }
            String line = h.substring(p, q);
            p = q;
            Position position = Position.AT_END;
            if (line.startsWith(":")) {
                String lc = line.toLowerCase(Locale.ROOT);
                if (lc.startsWith(":after_received:")) {
                    position = Position.AFTER_RECEIVED;
                    line = line.substring(16);
                } else if (lc.startsWith(":at_start_rfc:")) {
                    position = Position.AT_START_RFC;
                    line = line.substring(14);
                } else if (lc.startsWith(":at_start:")) {
                    position = Position.AT_START;
                    line = line.substring(10);
                } else if (lc.startsWith(":at_end:")) {
                    line = line.substring(8);
                }
                int b = 0;
                while (b < line.length() && (line.charAt(b) == ' ' || line.charAt(b) == '\t')) {
                    b++;
                }
                line = line.substring(b);
            }
            int s = 0;
            while (s < line.length() - 1 && line.charAt(s) != ':' && line.charAt(s) > ' ' && line.charAt(s) < 127) {
                s++;
            }
            String hdr = (s < line.length() && line.charAt(s) == ':' ? "" : "X-ACL-Warn: ") + line;
            if (added.stream().noneMatch(a -> a.text().startsWith(hdr))) {
                added.add(new AddedHeader(hdr, position));
            }
        }
    }
}
