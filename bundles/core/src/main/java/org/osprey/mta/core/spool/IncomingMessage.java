package org.osprey.mta.core.spool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A message being received: its body streams into a temporary -D file, and {@link #commit}
 * makes it durable in Exim's order: -D forced and renamed, then -H written under a temporary
 * name, forced and renamed, then the directory forced. So a -H never exists without its -D,
 * and a crash at any step leaves either nothing on the queue or the whole message. It never
 * returns from {@link #commit} before both files are on disk; closing it uncommitted deletes
 * what was written.
 */
public final class IncomingMessage implements AutoCloseable {

    private final Spool spool;
    private final MessageId id;
    private final Path directory;
    private final Path temp;
    private final DataFileWriter body;
    private boolean committed;

    IncomingMessage(Spool spool, MessageId id, Path directory) throws IOException {
        this.spool = spool;
        this.id = id;
        this.directory = directory;
        if (Files.exists(directory.resolve(id + "-D")) || Files.exists(directory.resolve(id + "-H"))) {
            throw new IOException("message " + id + " is already on the spool");
        }
        this.temp = directory.resolve("data." + id);
        this.body = new DataFileWriter(temp, id);
    }

    public MessageId id() {
        return id;
    }

    /** Where the body goes: LF line endings, no dot-stuffing, no id line. */
    public DataFileWriter body() {
        return body;
    }

    /** The data file as it is being written (the id line, then the body), for the MIME ACL's copy. */
    public Path dataFile() {
        return temp;
    }

    /**
     * Makes the message durable with {@code header} as its -H file; returns when both files
     * are on disk under their real names. Only then may the message be acknowledged.
     */
    public void commit(HeaderFile header) throws IOException {
        if (committed) {
            throw new IllegalStateException("message " + id + " is already committed");
        }
        if (!header.id().equals(id)) {
            throw new IllegalArgumentException("header file for " + header.id() + " given to " + id);
        }
        body.force();
        body.close();
        Path data = directory.resolve(id + "-D");
        if (Files.exists(data)) {
            throw new IOException("message " + id + " is already on the spool");
        }
        // -D renamed and its directory forced before the -H exists: a crash never shows a
        // -H without its -D.
        DurableFiles.rename(temp, data);
        spool.writeHeader(header);
        committed = true;
    }

    /** Deletes the temporary data file unless the message was committed. */
    @Override
    public void close() throws IOException {
        body.close();
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }
}
