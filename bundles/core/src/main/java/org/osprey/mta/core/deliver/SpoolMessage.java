package org.osprey.mta.core.deliver;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.osprey.mta.core.spool.DataFile;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/**
 * A spooled message as one delivery's transport sees it: the -H file's headers with the
 * generic transport options of that delivery applied (Exim's transport_write_message), and
 * the body streamed from the -D file. Immutable; a new one is made for each batch.
 */
final class SpoolMessage implements Message {
    private final HeaderFile header;
    private final Path dataFile;
    private final HeaderChanges changes;

    /**
     * What one delivery changes in the headers it writes, in Exim's order: Return-path:,
     * Envelope-to: and Delivery-date: first (each when its option asks), the message's
     * headers without the removed ones, then the router's and the transport's additions.
     *
     * @param returnPath the Return-path: value, or null for none
     * @param deliveryDate the Delivery-date: value, or null for none
     * @param envelopeTo the Envelope-to: value, or null for none
     * @param remove header names to leave out, case-insensitive
     * @param add complete header lines to add (without final newlines)
     */
    record HeaderChanges(String returnPath, String deliveryDate, String envelopeTo, List<String> remove,
            List<String> add) {
        static final HeaderChanges NONE = new HeaderChanges(null, null, null, List.of(), List.of());

        HeaderChanges {
            remove = List.copyOf(remove);
            add = List.copyOf(add);
        }
    }

    SpoolMessage(HeaderFile header, Path dataFile, HeaderChanges changes) {
        this.header = Objects.requireNonNull(header, "header");
        this.dataFile = Objects.requireNonNull(dataFile, "dataFile");
        this.changes = Objects.requireNonNull(changes, "changes");
    }

    @Override
    public String id() {
        return header.id().toString();
    }

    @Override
    public String sender() {
        return header.sender();
    }

    /** The headers that would be transmitted, without this delivery's changes. */
    @Override
    public List<Header> headers() {
        List<Header> out = new ArrayList<>();
        for (HeaderLine line : header.headers()) {
            if (!line.deleted()) {
                out.add(line.toHeader());
            }
        }
        return out;
    }

    /**
     * Exim's {@code $message_size} at delivery: the headers kept, the blank line after them
     * and the body, in bytes (spool_in.c counts "one for the newline before the data"), the
     * same as the S= of the reception.
     */
    @Override
    public long size() {
        long size = 1;
        for (HeaderLine line : header.headers()) {
            if (!line.deleted()) {
                size += line.text().getBytes(StandardCharsets.ISO_8859_1).length;
            }
        }
        try {
            size += Files.size(dataFile) - (header.id() + "-D\n").length();
        } catch (IOException e) {
            // The size is informative; a missing -D file fails the delivery itself.
        }
        return size;
    }

    @Override
    public void writeTo(OutputStream out, WriteOptions options) throws IOException {
        LineFilter filter = new LineFilter(out, options);
        if (options.part() != WriteOptions.Part.BODY) {
            filter.write(headerBlock());
            if (options.part() == WriteOptions.Part.ALL) {
                filter.write(new byte[] {'\n'});
            }
        }
        if (options.part() != WriteOptions.Part.HEADERS) {
            try (InputStream body = DataFile.openBody(dataFile, header.id())) {
                filter.transfer(body);
            }
        }
        filter.finish();
    }

    /** The header block as this delivery sends it, each header ending in LF. */
    byte[] headerBlock() {
        StringBuilder b = new StringBuilder();
        if (changes.returnPath() != null) {
            b.append("Return-path: <").append(changes.returnPath()).append(">\n");
        }
        // Exim's order (transport_headers_send): Return-path:, Envelope-to:, Delivery-date:.
        if (changes.envelopeTo() != null) {
            b.append("Envelope-to: ").append(changes.envelopeTo()).append('\n');
        }
        if (changes.deliveryDate() != null) {
            b.append("Delivery-date: ").append(changes.deliveryDate()).append('\n');
        }
        for (HeaderLine line : header.headers()) {
            if (!line.deleted() && !removed(line.text())) {
                b.append(line.text());
            }
        }
        for (String added : changes.add()) {
            b.append(added).append('\n');
        }
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private boolean removed(String text) {
        int colon = text.indexOf(':');
        if (colon < 0 || changes.remove().isEmpty()) {
            return false;
        }
        String name = text.substring(0, colon).trim().toLowerCase(Locale.ROOT);
        for (String r : changes.remove()) {
            String pattern = r.toLowerCase(Locale.ROOT);
            // Exim 4.96: a name ending in "*" removes every header starting with the rest.
            if (pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1))
                    : name.equals(pattern)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Writes lines as a transport asked: LF or CR LF endings, SMTP dot-stuffing, and the
     * check/escape strings of mailbox files, applied at the start of every line. Streams.
     */
    private static final class LineFilter {
        private final OutputStream out;
        private final WriteOptions options;
        private final byte[] check;
        private final byte[] escape;
        private final byte[] pending;
        private int matched;
        private boolean lineStart = true;
        private boolean lastWasNewline = true;

        LineFilter(OutputStream out, WriteOptions options) {
            this.out = out;
            this.options = options;
            this.check = options.checkString().getBytes(StandardCharsets.ISO_8859_1);
            this.escape = options.escapeString().getBytes(StandardCharsets.ISO_8859_1);
            this.pending = new byte[Math.max(check.length, 1)];
        }

        void transfer(InputStream in) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                write(buffer, n);
            }
        }

        void write(byte[] bytes) throws IOException {
            write(bytes, bytes.length);
        }

        private void write(byte[] bytes, int length) throws IOException {
            for (int i = 0; i < length; i++) {
                byte c = bytes[i];
                if (lineStart) {
                    if (options.dotStuff() && c == '.' && matched == 0) {
                        out.write('.');
                    }
                    if (check.length > 0) {
                        if (c == check[matched]) {
                            pending[matched++] = c;
                            if (matched == check.length) {
                                out.write(escape);
                                matched = 0;
                                lineStart = false;
                            }
                            continue;
                        }
                        out.write(pending, 0, matched);
                        matched = 0;
                    }
                    lineStart = false;
                }
                if (c == '\n') {
                    if (options.crlf()) {
                        out.write('\r');
                    }
                    lineStart = true;
                }
                out.write(c);
                lastWasNewline = c == '\n';
            }
        }

        /** Flushes a partial check-string match and ends an unterminated last line. */
        void finish() throws IOException {
            out.write(pending, 0, matched);
            if (matched > 0) {
                lastWasNewline = false;
            }
            matched = 0;
            if (!lastWasNewline) {
                if (options.crlf()) {
                    out.write('\r');
                }
                out.write('\n');
            }
            out.flush();
        }
    }
}
