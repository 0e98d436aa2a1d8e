package org.osprey.mta.core.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A message's -J file, as Exim keeps it during a delivery attempt: one line per successful
 * delivery, the address's unique name (the address, or {@code address/transport} for a
 * homonym), appended and forced to disk as soon as the transport reports success. It lets a
 * crash before the -H update repeat only the deliveries in flight. It never rewrites or
 * truncates a line, and {@link #read} never returns a line a crash left half-written.
 */
public final class Journal implements AutoCloseable {

    private final FileChannel channel;

    private Journal(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Opens the journal at {@code file} for appending, creating it if needed; a new file's
     * directory entry is forced to disk before this returns.
     */
    static Journal open(Path file) throws IOException {
        boolean existed = Files.exists(file);
        if (existed) {
            try (FileChannel rw = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                dropTornTail(rw);
            }
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        try {
            if (!existed) {
                DurableFiles.setMode(file);
                ch.force(true);
                DurableFiles.forceDirectory(file.getParent());
            }
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        return new Journal(ch);
    }

    /**
     * Records a successful delivery; returns once the line is on disk.
     *
     * @param unique the address's unique name, one line
     */
    public synchronized void delivered(String unique) throws IOException {
        if (unique.isEmpty() || unique.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("bad journal entry: " + unique);
        }
        ByteBuffer buf = ByteBuffer.wrap((unique + "\n").getBytes(StandardCharsets.ISO_8859_1));
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
        channel.force(true);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /**
     * The complete lines of the journal at {@code file}, in order; empty if there is none. A
     * last line without its newline (a write cut by a crash) is left out: that delivery was in
     * flight, and is repeated.
     */
    public static List<String> read(Path file) throws IOException {
        byte[] data;
        try {
            data = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n') {
                if (i > start) {
                    out.add(new String(data, start, i - start, StandardCharsets.ISO_8859_1));
                }
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * Cuts a half-written last line left by a crash, so the next entry starts on a line of its
     * own instead of being glued to a fragment.
     */
    private static void dropTornTail(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size == 0) {
            return;
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        ch.read(last, size - 1);
        if (last.get(0) == '\n') {
            return;
        }
        long keep = size - 1;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (keep > 0) {
            one.clear();
            ch.read(one, keep - 1);
            if (one.get(0) == '\n') {
                break;
            }
            keep--;
        }
        ch.truncate(keep);
        ch.force(true);
    }
}
