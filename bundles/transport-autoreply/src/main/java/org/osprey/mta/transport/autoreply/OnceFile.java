package org.osprey.mta.transport.autoreply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Set;

/**
 * The {@code once} file: who has had a reply, and when. The format is that of Exim's
 * fixed-size cache ({@code once_file_size}): records one after the other, each a 64-bit
 * time in the machine's byte order (a {@code time_t}), the To: value, and a zero byte.
 *
 * <p>A new record that makes the file larger than {@code once_file_size} drops the oldest
 * (first) record, as Exim does. (Without once_file_size, Exim keeps a DBM file, for which
 * Osprey uses its hints store: {@link OnceHints}.)
 *
 * <p>The whole file is read when opened and written back in one write, at its start and
 * without truncating it, exactly as autoreply.c does: there is no locking between
 * simultaneous deliveries, and a shorter file leaves the old tail in place.
 */
final class OnceFile implements OnceRecords {
    private static final int TIME_SIZE = 8;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();

    private final FileChannel channel;
    private final byte[] records;
    private final int limit;

    private OnceFile(FileChannel channel, byte[] records, int limit) {
        this.channel = channel;
        this.records = records;
        this.limit = limit;
    }

    /**
     * Opens (creating with {@code mode}) and reads the file.
     *
     * @param limit once_file_size, or 0 for no limit
     * @param files the delivery's user, who must be able to write the file and owns a new one
     */
    static OnceFile open(Path path, int mode, int limit, UserFiles files) throws IOException {
        boolean existed = files.mayWrite(path);
        FileChannel channel = FileChannel.open(path, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(Modes.permissions(mode)));
        try {
            files.ownIfNew(path, existed);
            long size = channel.size();
            if (size > Integer.MAX_VALUE - 16) {
                throw new IOException("File too large");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reads the whole file
            }
            if (buffer.hasRemaining()) {
                throw new IOException("short read");
            }
            return new OnceFile(channel, buffer.array(), limit);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public long lastSent(String to) {
        int at = find(to);
        return at < 0 ? 0 : ByteBuffer.wrap(records, at, TIME_SIZE).order(ORDER).getLong();
    }

    /** Records a reply to {@code to} at {@code now}, and writes the file. */
    @Override
    public void record(String to, long now) throws IOException {
        byte[] key = to.getBytes(StandardCharsets.ISO_8859_1);
        int at = find(to);
        byte[] data;
        int from = 0;
        if (at >= 0) {
            data = records.clone();
        } else {
            data = Arrays.copyOf(records, records.length + TIME_SIZE + key.length + 1);
            at = records.length;
            System.arraycopy(key, 0, data, at + TIME_SIZE, key.length);
            if (records.length > 0 && limit > 0 && data.length > limit) {
                from = Math.min(stringEnd(records, TIME_SIZE) + 1, records.length);
            }
        }
        ByteBuffer.wrap(data, at, TIME_SIZE).order(ORDER).putLong(now);
        ByteBuffer out = ByteBuffer.wrap(data, from, data.length - from);
        channel.position(0);
        while (out.hasRemaining()) {
            channel.write(out);
        }
    }

    /** The offset of the record for {@code to}, or -1. */
    private int find(String to) {
        byte[] key = to.getBytes(StandardCharsets.ISO_8859_1);
        int p = 0;
        while (p < records.length) {
            int s = p + TIME_SIZE;
            if (s > records.length) {
                return -1;
            }
            int end = stringEnd(records, s);
            if (end - s == key.length && Arrays.equals(records, s, end, key, 0, key.length)) {
                return p;
            }
            p = end + 1;
        }
        return -1;
    }

    /** The index of the zero byte ending the string at {@code start} (or the end of the data). */
    private static int stringEnd(byte[] data, int start) {
        int i = start;
        while (i < data.length && data[i] != 0) {
            i++;
        }
        return i;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
