package org.osprey.mta.core.bounce;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Objects;

import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.Spool;

/**
 * A message the MTA wrote itself (a bounce or a delay warning): its -H content and its
 * body, ready for {@link Spool#store}. The body's lines end in LF, as the -D file keeps them.
 *
 * @param header the -H content: envelope sender {@code <>}, the recipient, the headers
 * @param body the body (without the -D file's id line)
 */
public record GeneratedMessage(HeaderFile header, byte[] body) {
    public GeneratedMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(body, "body");
    }

    /** Stores the message durably on {@code spool}; it then waits for delivery like any other. */
    public void store(Spool spool) throws IOException {
        spool.store(header, new ByteArrayInputStream(body));
    }

    /** The whole message as it would be transmitted: headers (deleted ones left out), blank line, body. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder();
        header.headers().stream().filter(h -> !h.deleted()).forEach(h -> sb.append(h.text()));
        sb.append('\n');
        byte[] head = sb.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }
}
