package org.osprey.mta.transport.autoreply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.model.Header;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/**
 * Writes the reply as autoreply.c hands it to Exim's child process: the header fields that
 * are set (From:, Reply-To:, To:, Cc:, Bcc:, Subject:), In-Reply-To: and References: from
 * the original message, {@code Auto-Submitted: auto-replied}, the {@code headers} option
 * last (it may hold several lines), a blank line, the text, the file, and with
 * return_message a copy of the original.
 */
final class ReplyMessage {
    /** Exim's bounce_return_size_limit default (100K): how much of the body a returned message keeps. */
    static final int RETURN_SIZE_LIMIT = 100 * 1024;
    /** Exim's DELIVER_IN_BUFFER_SIZE, the unit in which that limit is rounded up. */
    private static final int DELIVER_IN_BUFFER_SIZE = 8192;
    /** Exim's big_buffer_size: a line of the file longer than this, less one, is read in pieces. */
    private static final int BIG_BUFFER_SIZE = 16384;
    private static final int MAX_REFERENCES = 12;
    private static final String RUBRIC = "------ This is a copy of the message, including all the headers.\n";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** The header section and the text. */
    ReplyMessage(Reply r, List<Header> original) {
        field("From", r.from);
        field("Reply-To", r.replyTo);
        field("To", r.to);
        field("Cc", r.cc);
        field("Bcc", r.bcc);
        field("Subject", r.subject);
        String messageId = null;
        for (Header h : original) {
            if (h.name().equalsIgnoreCase("Message-ID")) {
                messageId = skipSpace(h.value()) + "\n";
                write("In-Reply-To: " + messageId);
                break;
            }
        }
        write(references(original, messageId));
        write("Auto-Submitted: auto-replied\n");
        if (r.headers != null) {
            write(r.headers + "\n");
        }
        write("\n");
        if (r.text != null) {
            write(r.text);
            if (r.text.isEmpty() || r.text.charAt(r.text.length() - 1) != '\n') {
                write("\n");
            }
        }
    }

    private void field(String name, String value) {
        if (value != null) {
            write(name + ": " + value + "\n");
        }
    }

    private void write(String s) {
        out.writeBytes(Bytes.of(s));
    }

    /**
     * Appends the file's contents as fgets reads them, each line (or piece of an overlong
     * line) expanded when {@code expander} is given; a line that fails to expand goes in as it is.
     */
    void appendFile(byte[] file, Expander expander) {
        int i = 0;
        while (i < file.length) {
            int end = i;
            while (end < file.length && end - i < BIG_BUFFER_SIZE - 1 && file[end++] != '\n') {
                // finds the end of the line
            }
            if (expander == null) {
                out.write(file, i, end - i);
            } else {
                String line = new String(file, i, end - i, StandardCharsets.ISO_8859_1);
                try {
                    write(expander.expand(line));
                } catch (ExpansionException e) {
                    write(line);
                }
            }
            i = end;
        }
    }

    /**
     * Appends a copy of {@code message}: a rubric, then the headers and no more than
     * {@link #RETURN_SIZE_LIMIT} bytes of the body; the rubric says so when the body is larger
     * than that limit rounded up to Exim's buffer size.
     */
    void appendOriginal(Message message) throws IOException {
        int max = (RETURN_SIZE_LIMIT / DELIVER_IN_BUFFER_SIZE + 1) * DELIVER_IN_BUFFER_SIZE;
        // Exim compares the -D file's size: the body after a line holding the message id.
        long idLine = message.id().length() + 3;
        long dataFile = message.size() + idLine <= max ? 0 : bodySize(message) + idLine;
        if (dataFile > max) {
            write("\n" + RUBRIC + "------ The body of the message is " + dataFile
                    + " characters long; only the first\n------ " + (max / 1000) * 1000
                    + " or so are included here.\n\n");
        } else {
            write("\n" + RUBRIC + "\n");
        }
        message.writeTo(out, new WriteOptions(WriteOptions.Part.HEADERS, false, false, "", ""));
        out.write('\n');
        message.writeTo(new Limited(out, RETURN_SIZE_LIMIT), new WriteOptions(WriteOptions.Part.BODY, false, false,
                "", ""));
    }

    private static long bodySize(Message message) throws IOException {
        Limited counter = new Limited(OutputStream.nullOutputStream(), Long.MAX_VALUE);
        message.writeTo(counter, new WriteOptions(WriteOptions.Part.BODY, false, false, "", ""));
        return counter.count;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /**
     * moan_write_references: "References:" with the ids of the original's References: (or
     * else In-Reply-To:) header, the first and the last eleven when there are more, then the
     * original's Message-ID; nothing when it has neither.
     */
    static String references(List<Header> original, String messageId) {
        Header refs = find(original, "References");
        if (refs == null) {
            refs = find(original, "In-Reply-To");
        }
        if (refs == null && messageId == null) {
            return "";
        }
        StringBuilder b = new StringBuilder("References:");
        if (refs != null) {
            List<String> ids = new ArrayList<>();
            MessageIds parser = new MessageIds(refs.value());
            for (String id; (id = parser.next()) != null;) {
                if (ids.size() == MAX_REFERENCES) {
                    ids.remove(1);
                }
                ids.add(id);
            }
            ids.forEach(id -> b.append(' ').append(id));
        }
        b.append(messageId != null ? " " + messageId : "\n");
        return b.toString();
    }

    private static Header find(List<Header> headers, String name) {
        for (Header h : headers) {
            if (h.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return h;
            }
        }
        return null;
    }

    private static String skipSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    /** Counts what goes through, and lets no more than a limit through. */
    private static final class Limited extends OutputStream {
        private final OutputStream out;
        private final long limit;
        long count;

        Limited(OutputStream out, long limit) {
            this.out = out;
            this.limit = limit;
        }

        @Override
        public void write(int b) throws IOException {
            if (count++ < limit) {
                out.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long room = Math.max(0, Math.min(len, limit - count));
            out.write(b, off, (int) room);
            count += len;
        }
    }
}
