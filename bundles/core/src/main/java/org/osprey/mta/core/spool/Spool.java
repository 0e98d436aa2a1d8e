package org.osprey.mta.core.spool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;

/**
 * The spool directory, laid out as Exim 4.96 lays it out: {@code input/} (with one
 * subdirectory per last time digit of the id, {@code input/<x>/}, when
 * {@code split_spool_directory} is set), {@code msglog/} (split the same way) and {@code db/}.
 * It creates the layout, lists the messages on the queue, finds a message's files, stores new
 * messages durably, and keeps their delivery state (-H, -J) so that an address is never lost.
 *
 * <p>It never acknowledges anything itself: {@link #store} and
 * {@link IncomingMessage#commit} return only when the -D and the -H files are on disk under
 * their real names, and the caller replies after that. It never shows a message whose -H is not
 * complete: -H is written last, under a temporary name, and renamed. It never locks messages
 * against other processes; {@link #lock} takes Exim's lock for callers that deliver.
 */
public final class Spool {

    /** Exim's INPUT_DIRECTORY_MODE and MSGLOG_DIRECTORY_MODE: rwxr-x---. */
    static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-x---");

    private final Path directory;
    private final boolean split;

    /**
     * @param directory the spool directory ({@code spool_directory})
     * @param split whether {@code split_spool_directory} is set
     */
    public Spool(Path directory, boolean split) {
        this.directory = Objects.requireNonNull(directory, "directory");
        this.split = split;
    }

    /** The spool a configuration names. */
    public static Spool of(Configuration config) {
        return new Spool(Path.of(config.get(MainOptions.SPOOL_DIRECTORY)),
                config.get(MainOptions.SPLIT_SPOOL_DIRECTORY));
    }

    public Path directory() {
        return directory;
    }

    public boolean split() {
        return split;
    }

    /** Creates {@code input/}, {@code msglog/} and {@code db/} (mode 0750) if missing. */
    public void create() throws IOException {
        for (String sub : List.of("input", "msglog", "db")) {
            makeDirectory(directory.resolve(sub));
        }
    }

    /** The directory a message's -D, -H and -J files belong in. */
    public Path inputDirectory(MessageId id) {
        Path input = directory.resolve("input");
        return split ? input.resolve(id.subdirectory()) : input;
    }

    /** The directory a message's log belongs in. */
    public Path messageLogDirectory(MessageId id) {
        Path msglog = directory.resolve("msglog");
        return split ? msglog.resolve(id.subdirectory()) : msglog;
    }

    public Path dataFile(MessageId id) {
        return located(id).resolve(id + "-D");
    }

    public Path headerFile(MessageId id) {
        return located(id).resolve(id + "-H");
    }

    public Path journalFile(MessageId id) {
        return located(id).resolve(id + "-J");
    }

    public Path messageLog(MessageId id) {
        return messageLogDirectory(id).resolve(id.toString());
    }

    /**
     * Where the message's files are: its own input directory, or, as Exim also looks, the
     * other layout's (a message spooled before {@code split_spool_directory} changed).
     */
    private Path located(MessageId id) {
        Path own = inputDirectory(id);
        if (Files.exists(own.resolve(id + "-H")) || Files.exists(own.resolve(id + "-D"))) {
            return own;
        }
        Path input = directory.resolve("input");
        Path other = split ? input : input.resolve(id.subdirectory());
        if (Files.exists(other.resolve(id + "-H")) || Files.exists(other.resolve(id + "-D"))) {
            return other;
        }
        return own;
    }

    /**
     * The messages on the queue, in id order (which is arrival order): every {@code <id>-H} in
     * {@code input/} and its one-character subdirectories, whatever the split setting.
     * Temporary files, journals and -D files without their -H (a reception cut short) are not
     * messages and are left out.
     */
    public List<MessageId> list() throws IOException {
        Set<MessageId> ids = new TreeSet<>();
        Path input = directory.resolve("input");
        if (!Files.isDirectory(input)) {
            return List.of();
        }
        try (DirectoryStream<Path> top = Files.newDirectoryStream(input)) {
            for (Path p : top) {
                String name = p.getFileName().toString();
                if (name.length() == 1 && Files.isDirectory(p)) {
                    try (DirectoryStream<Path> sub = Files.newDirectoryStream(p)) {
                        for (Path q : sub) {
                            addIfHeader(ids, q.getFileName().toString());
                        }
                    }
                } else {
                    addIfHeader(ids, name);
                }
            }
        }
        return new ArrayList<>(ids);
    }

    private static void addIfHeader(Set<MessageId> ids, String name) {
        if (name.length() == MessageId.LENGTH + 2 && name.endsWith("-H")
                && MessageId.isValid(name.substring(0, MessageId.LENGTH))) {
            ids.add(MessageId.parse(name.substring(0, MessageId.LENGTH)));
        }
    }

    /**
     * Starts receiving a new message: the body is streamed into a temporary -D file, and
     * {@link IncomingMessage#commit} makes both files durable.
     */
    public IncomingMessage receive(MessageId id) throws IOException {
        Path dir = inputDirectory(id);
        if (split) {
            makeDirectory(dir);
        }
        return new IncomingMessage(this, id, dir);
    }

    /**
     * Stores a new message: the body from {@code body}, streamed (it must not include the id
     * line), then {@code header}. Returns only when both files are durable under their real
     * names; only then may the message be acknowledged.
     */
    public void store(HeaderFile header, InputStream body) throws IOException {
        try (IncomingMessage in = receive(header.id())) {
            body.transferTo(in.body());
            in.commit(header);
        }
    }

    /**
     * Reads a message as the next delivery attempt must see it: the -H file with every address
     * the -J journal records as delivered added to its non-recipients. Writes nothing.
     */
    public HeaderFile read(MessageId id) throws IOException {
        HeaderFile h = HeaderFileReader.read(headerFile(id));
        if (!h.id().equals(id)) {
            throw new SpoolFormatException(headerFile(id) + ": the file names message " + h.id());
        }
        List<String> journal = Journal.read(journalFile(id));
        return journal.isEmpty() ? h : h.toBuilder().nonRecipients(journal).build();
    }

    /**
     * What Exim does at the start of a delivery: if a -J journal survives a crash, fold it
     * into the -H file (rewritten durably) and keep it, for this attempt appends to it.
     * Returns the message as {@link #read} does.
     */
    public HeaderFile recover(MessageId id) throws IOException {
        HeaderFile onDisk = HeaderFileReader.read(headerFile(id));
        HeaderFile h = read(id);
        if (!h.nonRecipients().equals(onDisk.nonRecipients())) {
            writeHeader(h);
        }
        return h;
    }

    /**
     * Opens the message's -J journal to record deliveries as they succeed
     * ({@link Journal#delivered}).
     */
    public Journal journal(MessageId id) throws IOException {
        return Journal.open(journalFile(id));
    }

    /**
     * Ends a delivery attempt that leaves the message on the queue: writes {@code header}
     * durably, with every address in the journal added to its non-recipients (so a caller
     * holding an older copy loses nothing), then removes the journal. Close the journal first.
     * A crash before the journal is gone leaves a journal whose addresses the -H already has:
     * reading it again changes nothing.
     */
    public HeaderFile update(HeaderFile header) throws IOException {
        MessageId id = header.id();
        List<String> journal = Journal.read(journalFile(id));
        HeaderFile merged = journal.isEmpty() ? header : header.toBuilder().nonRecipients(journal).build();
        writeHeader(merged);
        DurableFiles.delete(journalFile(id));
        return merged;
    }

    /** Rewrites a message's -H file durably (temporary file, force, rename, directory force). */
    public void writeHeader(HeaderFile header) throws IOException {
        Path target = headerFile(header.id());
        DurableFiles.replace(target, target.resolveSibling("hdr." + header.id()),
                HeaderFileWriter.toBytes(header));
    }

    /**
     * Removes a message whose delivery is complete. The -H file goes first, durably: from then
     * on the message is off the queue even if a crash leaves the other files, which are then
     * only litter. Then the journal, the -D file and the message log.
     */
    public void remove(MessageId id) throws IOException {
        Path dir = located(id);
        DurableFiles.delete(dir.resolve(id + "-H"));
        Files.deleteIfExists(dir.resolve(id + "-J"));
        Files.deleteIfExists(dir.resolve(id + "-D"));
        Files.deleteIfExists(dir.resolve("hdr." + id));
        Files.deleteIfExists(messageLog(id));
        DurableFiles.forceDirectory(dir);
    }

    /**
     * Appends a line to the message's log, {@code msglog/<id>} (created on first use), as
     * Exim does: not forced, for it is a record for people, not state.
     */
    public void appendMessageLog(MessageId id, String line) throws IOException {
        Path dir = messageLogDirectory(id);
        if (split) {
            makeDirectory(dir);
        }
        Path file = dir.resolve(id.toString());
        boolean existed = Files.exists(file);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            if (!existed) {
                DurableFiles.setMode(file);
            }
            ch.write(java.nio.ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.ISO_8859_1)));
        }
    }

    /**
     * Takes Exim's lock on a message: an fcntl write lock on the -D file's id line, which Exim
     * holds while it delivers or modifies a message. Empty if another process (or another
     * holder in this one) has it, or the message has no -D file.
     */
    public Optional<MessageLock> lock(MessageId id) throws IOException {
        return MessageLock.tryLock(dataFile(id));
    }

    private static void makeDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Files.createDirectories(dir);
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(dir, DIRECTORY_MODE);
        }
        DurableFiles.forceDirectory(dir.getParent());
    }
}
