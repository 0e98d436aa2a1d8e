package org.osprey.mta.core.spool;

import java.util.Objects;
import org.osprey.mta.kernel.model.Header;

/**
 * One header as the -H file keeps it: Exim's type character and the raw text, name, colon,
 * value, continuation lines and the final newline. It never unfolds or rewrites the text.
 *
 * @param type {@code ' '} for an ordinary header, {@code '*'} for a deleted or rewritten one
 *        (kept but never transmitted), or one of Exim's letters: B (Bcc), C (Cc), F (From),
 *        I (Message-Id), P (Received), R (Reply-To), S (Sender), T (To)
 * @param text the header's text, ending in a newline
 */
public record HeaderLine(char type, String text) {
    public HeaderLine {
        Objects.requireNonNull(text, "text");
        if (!text.endsWith("\n")) {
            throw new IllegalArgumentException("a spooled header ends in a newline: " + text);
        }
        if (type < ' ' || type > '~') {
            throw new IllegalArgumentException("bad header type character: " + (int) type);
        }
    }

    /** A header line with the type Exim gives a header of this name. */
    public static HeaderLine typed(String text) {
        int colon = text.indexOf(':');
        String name = colon < 0 ? "" : text.substring(0, colon).trim();
        return new HeaderLine(typeFor(name), text);
    }

    /** Exim's type character for a header name (case-insensitive); a space for the rest. */
    public static char typeFor(String name) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "bcc" -> 'B';
            case "cc" -> 'C';
            case "from" -> 'F';
            case "message-id" -> 'I';
            case "received" -> 'P';
            case "reply-to" -> 'R';
            case "sender" -> 'S';
            case "to" -> 'T';
            default -> ' ';
        };
    }

    /** Whether the header was deleted or replaced and is not transmitted. */
    public boolean deleted() {
        return type == '*';
    }

    /** The header as the kernel's model has it: name, and value without the final newline. */
    public Header toHeader() {
        int colon = text.indexOf(':');
        if (colon < 0) {
            return new Header(text.substring(0, text.length() - 1), "");
        }
        String value = text.substring(colon + 1, text.length() - 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        return new Header(text.substring(0, colon), value);
    }
}
