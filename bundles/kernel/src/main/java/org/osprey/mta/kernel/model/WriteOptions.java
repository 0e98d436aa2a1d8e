package org.osprey.mta.kernel.model;

import java.util.Objects;

/**
 * How a transport wants a message written: the part of it, the line ending, SMTP
 * dot-stuffing, and the "From " escaping of mailbox files. The engine applies the generic
 * transport options (headers_add, headers_remove, return_path_add and the rest) itself,
 * whatever these say.
 *
 * @param part headers, body or both
 * @param crlf lines end in CR LF instead of LF
 * @param dotStuff a line starting with "." gets a second one (SMTP DATA, BSMTP)
 * @param checkString a string to look for at the start of each line, or "" for none
 * @param escapeString what a line starting with {@code checkString} gets instead of it
 */
public record WriteOptions(Part part, boolean crlf, boolean dotStuff, String checkString, String escapeString) {
    /** The whole message with LF line endings and no escaping. */
    public static final WriteOptions PLAIN = new WriteOptions(Part.ALL, false, false, "", "");
    /** The whole message as the DATA of an SMTP transaction (CR LF, dot-stuffed, no final dot). */
    public static final WriteOptions SMTP = new WriteOptions(Part.ALL, true, true, "", "");

    public WriteOptions {
        Objects.requireNonNull(part, "part");
        Objects.requireNonNull(checkString, "checkString");
        Objects.requireNonNull(escapeString, "escapeString");
    }

    /** Which part of the message to write. */
    public enum Part { ALL, HEADERS, BODY }
}
