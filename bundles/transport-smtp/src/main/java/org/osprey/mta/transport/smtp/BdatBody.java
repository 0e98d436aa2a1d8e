package org.osprey.mta.transport.smtp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.model.WriteOptions;

/**
 * A message as BDAT sends it (RFC 3030): CR LF line ends, no dot-stuffing and no final dot,
 * written out once before the first BDAT so that its exact size, and the size of its header
 * part, are known (Exim computes them from the spool file; here the message as the
 * transport writes it, header changes and transport filter included, is counted). Kept in
 * memory, or in a temporary file when large.
 */
final class BdatBody implements AutoCloseable {
    /** Above this a message is kept in a temporary file instead of in memory. */
    private static final long IN_MEMORY = 1 << 20;
    private static final WriteOptions BDAT = new WriteOptions(WriteOptions.SMTP.part(), true, false, "", "");

    private final byte[] bytes;
    private final Path file;
    private final long size;
    private final int headerSize;

    private BdatBody(byte[] bytes, Path file, long size, int headerSize) {
        this.bytes = bytes;
        this.file = file;
        this.size = size;
        this.headerSize = headerSize;
    }

    /** Writes the message out; an IOException is a failure to read it (or its transport filter's). */
    static BdatBody of(Message message) throws IOException {
        if (message.size() < IN_MEMORY) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) message.size() + 1024);
            message.writeTo(out, BDAT);
            byte[] b = out.toByteArray();
            return new BdatBody(b, null, b.length, headerSize(b, b.length));
        }
        Path file = Files.createTempFile("osprey-bdat", ".eml");
        try {
            try (OutputStream out = Files.newOutputStream(file)) {
                message.writeTo(out, BDAT);
            }
            byte[] head = new byte[64 * 1024];
            int n;
            try (var in = Files.newInputStream(file)) {
                n = in.readNBytes(head, 0, head.length);
            }
            return new BdatBody(null, file, Files.size(file), headerSize(head, n));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
    }

    /** The header part with the blank line after it, as Exim's first, non-LAST, chunk of a large message holds. */
    private static int headerSize(byte[] b, int length) {
        if (length >= 2 && b[0] == '\r' && b[1] == '\n') {
            return 2;
        }
        for (int i = 0; i + 3 < length; i++) {
            if (b[i] == '\r' && b[i + 1] == '\n' && b[i + 2] == '\r' && b[i + 3] == '\n') {
                return i + 4;
            }
        }
        return 0;
    }

    long size() {
        return size;
    }

    int headerSize() {
        return headerSize;
    }

    /** Writes {@code length} bytes from {@code offset}. */
    void writeTo(OutputStream out, long offset, long length) throws IOException {
        if (bytes != null) {
            out.write(bytes, (int) offset, (int) length);
            return;
        }
        try (var in = Files.newInputStream(file)) {
            in.skipNBytes(offset);
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new IOException("temporary copy of the message is short");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }
}
