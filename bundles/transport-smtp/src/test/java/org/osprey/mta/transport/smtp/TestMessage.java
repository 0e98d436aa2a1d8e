package org.osprey.mta.transport.smtp;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/**
 * A message as the engine's spool message writes one: headers, blank line, body, LF in
 * the store; CR LF and dot-stuffing when asked, line by line, streamed.
 */
final class TestMessage implements Message {
    private final String sender;
    private final String text;
    private final long repeatBody;

    /** {@code text} is the whole message with LF endings; the body's last line is repeated {@code repeat} more times. */
    TestMessage(String sender, String text, long repeat) {
        this.sender = sender;
        this.text = text;
        this.repeatBody = repeat;
    }

    static TestMessage of(String body) {
        return new TestMessage("sender@example.com", "From: sender@example.com\nSubject: test\n\n" + body, 0);
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
        List<Header> headers = new java.util.ArrayList<>();
        for (String line : text.substring(0, Math.max(0, text.indexOf("\n\n"))).split("\n")) {
            if (!headers.isEmpty() && (line.startsWith(" ") || line.startsWith("\t"))) {
                Header last = headers.remove(headers.size() - 1);
                headers.add(new Header(last.name(), last.value() + "\n" + line));
            } else if (line.contains(":")) {
                headers.add(new Header(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip()));
            }
        }
        return headers;
    }

    @Override
    public long size() {
        return text.length();
    }

    @Override
    public void writeTo(OutputStream out, WriteOptions options) throws IOException {
        String[] lines = text.split("\n", -1);
        int count = lines[lines.length - 1].isEmpty() ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            line(out, lines[i], options);
        }
        for (long r = 0; r < repeatBody; r++) {
            line(out, lines[count - 1], options);
        }
        out.flush();
    }

    private static void line(OutputStream out, String line, WriteOptions options) throws IOException {
        if (options.dotStuff() && line.startsWith(".")) {
            out.write('.');
        }
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(options.crlf() ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
    }
}
