package org.osprey.mta.transport.autoreply;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/** A message over strings, written as the engine's spool message writes the parts: headers, blank line, body. */
record TestMessage(String id, String sender, List<Header> headers, String body) implements Message {

    private String head() {
        StringBuilder b = new StringBuilder();
        headers.forEach(h -> b.append(h.name()).append(": ").append(h.value()).append('\n'));
        return b.toString();
    }

    @Override
    public long size() {
        return (head() + "\n" + body).length();
    }

    @Override
    public void writeTo(OutputStream out, WriteOptions options) throws IOException {
        String text = switch (options.part()) {
            case HEADERS -> head();
            case BODY -> body;
            case ALL -> head() + "\n" + body;
        };
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
