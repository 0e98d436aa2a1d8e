package org.osprey.mta.core.expand;

import java.util.List;
import org.osprey.mta.kernel.model.Header;

/**
 * {@code $h_name:} and its kinds: {@code $h_} (white space trimmed, RFC 2047 decoded),
 * {@code $rh_} (raw), {@code $bh_} (trimmed, not translated) and {@code $lh_} (a colon list of
 * the raw instances). Several instances are joined by a newline, with a comma first for the
 * headers that hold addresses. A missing header yields nothing.
 */
record HeaderReference(char kind, String name) implements Node {
    private static final int MAX_LENGTH = 64 * 1024;
    private static final List<String> ADDRESS_HEADERS =
            List.of("bcc", "cc", "from", "reply-to", "sender", "to", "resent-bcc", "resent-cc", "resent-from",
                    "resent-reply-to", "resent-sender", "resent-to");

    /** Whether a name read after a dollar is a header reference ({@code h_}, {@code rheader_} ...). */
    static boolean isHeaderName(String name) {
        int t = 0;
        char c = name.charAt(0);
        if (c != 'h') {
            if ((c != 'r' && c != 'l' && c != 'b') || name.length() < 2 || name.charAt(1) != 'h') {
                return false;
            }
            t = 1;
        }
        return name.startsWith("_", t + 1) || name.startsWith("eader_", t + 1);
    }

    @Override
    public String eval(Evaluation ev, boolean skipping) {
        String value = find(ev.context().headers(), name, kind);
        if (value == null) {
            if (name.indexOf('}') >= 0) {
                ev.noteMalformedHeader();
            }
            return "";
        }
        return value;
    }

    /** The value of header {@code name} (with its colon), or null when the message has none. */
    static String find(List<Header> headers, String name, char kind) {
        String field = name.substring(0, name.length() - 1);
        StringBuilder out = null;
        boolean comma = false;
        for (Header h : headers) {
            if (!h.name().equalsIgnoreCase(field)) {
                continue;
            }
            String text = ByteStrings.internal(h.value());
            if (kind == 'h' || kind == 'b') {
                text = Chars.trim(text);
                comma |= ADDRESS_HEADERS.contains(field.toLowerCase(java.util.Locale.ROOT));
            } else if (kind == 'r') {
                text = text + "\n";
            } else {
                while (text.endsWith("\n")) {
                    text = text.substring(0, text.length() - 1);
                }
            }
            if (out == null) {
                out = new StringBuilder();
            } else if (kind == 'l') {
                out.append(':');
            } else if (kind != 'r' && !text.isEmpty()) {
                out.append(comma ? ",\n" : "\n");
            }
            out.append(kind == 'l' ? text.replace(":", "::") : text);
            if (out.length() >= MAX_LENGTH) {
                out.setLength(MAX_LENGTH);
                break;
            }
        }
        if (out == null) {
            return null;
        }
        return kind == 'h' ? Rfc2047.decodeQuietly(out.toString()) : out.toString();
    }
}
