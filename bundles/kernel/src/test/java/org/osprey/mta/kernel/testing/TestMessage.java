package org.osprey.mta.kernel.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/**
 * A message over a byte array for drivers' unit tests, written as the engine writes one: the headers, a blank
 * line, then the body, with CR LF endings and the check/escape strings applied to the
 * body's lines when asked, and every line dot-stuffed when asked. It can be made to fail after some bytes, as a full disk does.
 */
public final class TestMessage implements Message {
    private final List<Header> headers;
    private final byte[] body;
    private final String sender;
    private int failAfter = -1;
    private IOException failure;
    private RuntimeException crash;

    public TestMessage(String sender, List<Header> headers, String body) {
        this.sender = sender;
        this.headers = List.copyOf(headers);
        this.body = body.getBytes(StandardCharsets.UTF_8);
    }

    public static TestMessage simple(String body) {
        return new TestMessage("sender@example.com",
                List.of(new Header("From", "sender@example.com"), new Header("Subject", "test")), body);
    }

    /** Throws {@code e} from the stream after {@code bytes} bytes of the message have been written. */
    public TestMessage failingAfter(int bytes, IOException e) {
        failAfter = bytes;
        failure = e;
        return this;
    }

    /** Throws {@code e} (an engine bug, say) after {@code bytes} bytes. */
    public TestMessage crashingAfter(int bytes, RuntimeException e) {
        failAfter = bytes;
        crash = e;
        return this;
    }

    @Override
    public String id() {
        return "1tAbCd-0004Xy-9Z";
    }

    @Override
    public String sender() {
        return sender;
    }

    @Override
    public List<Header> headers() {
        return headers;
    }

    @Override
    public long size() {
        return plain().length;
    }

    /** The message as written with {@link WriteOptions#PLAIN}. */
    public byte[] plain() {
        return render(WriteOptions.PLAIN);
    }

    public byte[] render(WriteOptions options) {
        var out = new java.io.ByteArrayOutputStream();
        try {
            writeAll(out, options);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    @Override
    public void writeTo(OutputStream out, WriteOptions options) throws IOException {
        byte[] all = render(options);
        if (failAfter < 0) {
            out.write(all);
            return;
        }
        out.write(all, 0, Math.min(failAfter, all.length));
        out.flush();
        if (crash != null) {
            throw crash;
        }
        throw failure;
    }

    private void writeAll(OutputStream out, WriteOptions options) throws IOException {
        String eol = options.crlf() ? "\r\n" : "\n";
        StringBuilder head = new StringBuilder();
        for (Header h : headers) {
            head.append(options.dotStuff() && h.name().startsWith(".") ? "." : "").append(h.name()).append(": ")
                    .append(h.value()).append(eol);
        }
        head.append(eol);
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>(List.of(new String(body, StandardCharsets.UTF_8).split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        for (String line : lines) {
            if (!options.checkString().isEmpty() && line.startsWith(options.checkString())) {
                line = options.escapeString() + line.substring(options.checkString().length());
            }
            if (options.dotStuff() && line.startsWith(".")) {
                line = "." + line;
            }
            out.write((line + eol).getBytes(StandardCharsets.UTF_8));
        }
    }
}
