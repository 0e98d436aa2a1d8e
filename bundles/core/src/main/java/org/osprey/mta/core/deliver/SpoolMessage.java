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
import java.util.Optional;
import org.osprey.mta.core.spool.DataFile;
import org.osprey.mta.core.spool.HeaderFile;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.TransportFilterException;
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
    private final Content content;
    /** How the transport filter failed in the last write, if it did. */
    private volatile TransportFilterException filterFailure;

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

    /**
     * What a delivery's generic transport options do to the message beyond its header
     * changes (Exim's transport_write_message and the return path of deliver.c).
     *
     * @param returnPath the envelope sender of this delivery (return_path, or the errors
     *        address); null for the message's sender
     * @param bodyOnly body_only: the headers are not written
     * @param headersOnly headers_only: the body is not written
     * @param rewriting headers_rewrite, applied to the message's own headers (not to added ones); null for none
     * @param filter transport_filter; null for none
     */
    record Content(String returnPath, boolean bodyOnly, boolean headersOnly, HeaderRewriting rewriting,
            TransportFilter filter) {
        static final Content NONE = new Content(null, false, false, null, null);
    }

    /** A transport's headers_rewrite: the new text of a header line, or null to keep it. */
    interface HeaderRewriting {
        String rewrite(HeaderLine line);
    }

    SpoolMessage(HeaderFile header, Path dataFile, HeaderChanges changes) {
        this(header, dataFile, changes, Content.NONE);
    }

    SpoolMessage(HeaderFile header, Path dataFile, HeaderChanges changes, Content content) {
        this.header = Objects.requireNonNull(header, "header");
        this.dataFile = Objects.requireNonNull(dataFile, "dataFile");
        this.changes = Objects.requireNonNull(changes, "changes");
        this.content = Objects.requireNonNull(content, "content");
    }

    @Override
    public String id() {
        return header.id().toString();
    }

    /** The envelope sender of this delivery: the transport's return_path or the errors address, else the message's. */
    @Override
    public String sender() {
        return content.returnPath() != null ? content.returnPath() : header.sender();
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

    /**
     * Writes the message: through the transport filter when there is one (which gets LF
     * lines, before any escaping), then with the line endings and escaping {@code options}
     * ask for. body_only and headers_only narrow what {@code options} asks for.
     */
    @Override
    public void writeTo(OutputStream out, WriteOptions options) throws IOException {
        // Exim starts looking for the check string only after the filter's first newline.
        LineFilter filter = new LineFilter(out, options, content.filter() == null);
        boolean headers = options.part() != WriteOptions.Part.BODY && !content.bodyOnly();
        boolean body = options.part() != WriteOptions.Part.HEADERS && !content.headersOnly();
        // Exim ends the header block with its blank line whenever it writes the headers of a whole message.
        boolean separator = headers && options.part() == WriteOptions.Part.ALL;
        if (content.filter() == null) {
            writeRaw(filter, headers, separator, body);
        } else {
            try {
                content.filter().run(raw -> writeRaw(raw, headers, separator, body), filter);
            } catch (TransportFilterException e) {
                filterFailure = e;
                throw e;
            }
        }
        filter.finish();
    }

    private void writeRaw(OutputStream out, boolean headers, boolean separator, boolean body) throws IOException {
        if (headers) {
            out.write(headerBlock());
            if (separator) {
                out.write('\n');
            }
        }
        if (body) {
            try (InputStream in = DataFile.openBody(dataFile, header.id())) {
                in.transferTo(out);
            }
        }
        out.flush();
    }

    /** How the transport filter failed while the transport wrote the message; empty when it did not. */
    Optional<TransportFilterException> filterFailure() {
        return Optional.ofNullable(filterFailure);
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
                String rewritten = content.rewriting() == null ? null : content.rewriting().rewrite(line);
                b.append(rewritten != null ? rewritten : line.text());
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
    private static final class LineFilter extends OutputStream {
        private final OutputStream out;
        private final WriteOptions options;
        private final byte[] check;
        private final byte[] escape;
        private final byte[] pending;
        private int matched;
        private boolean lineStart = true;
        private boolean lastWasNewline = true;
        /** Whether the check string applies to the first line (not to a transport filter's output). */
        private boolean checkLine;

        LineFilter(OutputStream out, WriteOptions options, boolean checkFirstLine) {
            this.out = out;
            this.checkLine = checkFirstLine;
            this.options = options;
            this.check = options.checkString().getBytes(StandardCharsets.ISO_8859_1);
            this.escape = options.escapeString().getBytes(StandardCharsets.ISO_8859_1);
            this.pending = new byte[Math.max(check.length, 1)];
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            for (int i = offset; i < offset + length; i++) {
                byte c = bytes[i];
                if (lineStart) {
                    if (options.dotStuff() && c == '.' && matched == 0) {
                        out.write('.');
                    }
                    if (check.length > 0 && checkLine) {
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
                    checkLine = true;
                }
                out.write(c);
                lastWasNewline = c == '\n';
            }
        }

        /** Passes nothing on: {@link #finish} flushes once the message is complete. */
        @Override
        public void flush() {
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
