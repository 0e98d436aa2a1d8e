package org.osprey.mta.transport.smtp;

import org.osprey.mta.kernel.model.SmtpReply;

/** Replies and server text as Exim puts them in messages (string_printing of the raw reply). */
final class Replies {
    private Replies() {
    }

    /** The reply as the server sent it, lines joined by newlines, made printable. */
    static String quoted(SmtpReply reply) {
        StringBuilder raw = new StringBuilder();
        for (int i = 0; i < reply.lines().size(); i++) {
            if (i > 0) {
                raw.append('\n');
            }
            raw.append(reply.code()).append(i == reply.lines().size() - 1 ? ' ' : '-').append(reply.lines().get(i));
        }
        return printable(raw.toString());
    }

    /** Exim's string_printing: \n, \r, \t and other control characters escaped. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append('\\').append(String.format("%03o", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
