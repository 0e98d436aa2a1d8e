package org.osprey.mta.transport.autoreply;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The {@code log} file: a record of each reply sent (its header fields) and of each reply
 * not sent because {@code once} said so, in Exim's format. Each entry is one write to a
 * file opened for appending, so that simultaneous deliveries do not mix their lines. A file
 * that cannot be written is passed over: the reply has gone, and Exim does not fail the
 * delivery for its log either.
 */
final class ReplyLog {
    /** Exim's "%.200s": the longest To: value quoted in a "previously sent" entry. */
    private static final int TO_LIMIT = 200;

    private final Path path;
    private final int mode;
    private final UserFiles files;

    ReplyLog(Path path, int mode, UserFiles files) {
        this.path = path;
        this.mode = mode;
        this.files = files;
    }

    /** The entry for a reply sent: the time, then each header field that was set, indented. */
    static String sentEntry(String time, Reply r) {
        StringBuilder b = new StringBuilder(time).append('\n');
        field(b, "From: ", r.from);
        field(b, "To: ", r.to);
        field(b, "Cc: ", r.cc);
        field(b, "Bcc: ", r.bcc);
        field(b, "Subject: ", r.subject);
        field(b, "", r.headers);
        return b.toString();
    }

    /** The entry for a reply held back because one was sent before. */
    static String previouslySentEntry(String time, String to) {
        return time + "\n  previously sent to " + (to.length() > TO_LIMIT ? to.substring(0, TO_LIMIT) : to) + "\n";
    }

    private static void field(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append("  ").append(name).append(value).append('\n');
        }
    }

    /** Appends {@code entry} in one write; true when it was written whole. */
    boolean append(String entry) {
        boolean existed;
        try {
            existed = files.mayWrite(path);
        } catch (IOException e) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(path,
                Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                PosixFilePermissions.asFileAttribute(Modes.permissions(mode)))) {
            files.ownIfNew(path, existed);
            ByteBuffer data = ByteBuffer.wrap(Bytes.of(entry));
            return channel.write(data) == data.capacity();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
