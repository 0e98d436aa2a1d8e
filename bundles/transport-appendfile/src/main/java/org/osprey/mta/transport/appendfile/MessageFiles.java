package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * Delivery of each message as a new file in {@code directory}, in one of three forms
 * (the third, {@code mailstore_format}, is described at {@link #mailstore}).
 *
 * <p><b>Maildir</b> ({@code maildir_format}): the directory and its {@code tmp},
 * {@code new} and {@code cur} subdirectories are made when missing
 * ({@code create_directory}), and a {@code maildirfolder} file when the directory's name
 * matches {@code maildirfolder_create_regex}; the message is written to
 * {@code tmp/<seconds>.M<microseconds>P<pid>.<primary_hostname>} (Exim's name), fsync'd,
 * renamed into {@code new/}, and {@code new/} itself is fsync'd, so that the message is
 * either wholly there or not at all, even across a crash.
 *
 * <p><b>Plain directory</b> (Exim's "smail" form, {@code directory} without a format):
 * the message is written to a temporary file in the directory and then linked to the
 * name Exim's default {@code directory_file} gives, {@code q${base62:$tod_epoch}-$inode}
 * (six base-62 digits of the time, a dash, the file's inode number), or what
 * {@code directory_file} says, with {@code $inode} the file's inode number; trying again a
 * second later when that name exists and would change, up to five times.
 * The temporary name is {@code temp.<pid>.<unique>.<host>} (Exim's is
 * {@code temp.<pid>.<host>}, unique only because it delivers one message per process).
 *
 * <p>In both forms a failure removes the temporary file, and the quota, when set, is
 * checked against the total size and number of the files below {@code quota_directory},
 * else below the directory (for a maildir with a {@code maildirfolder} file, below its
 * parent, as Maildir++ has it), or against what the {@link MaildirSize maildirsize} file
 * says. A maildir message's new name gets the expanded {@code maildir_tag}. Never reports
 * success before the file and its directory entry are on the disk. Every file and
 * directory is made as the delivery's user ({@link UserAccess}).
 */
final class MessageFiles {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final int RENAME_TRIES = 5;

    private MessageFiles() {
    }

    static Job.Written deliver(Job job) throws Problem, InterruptedException {
        String path = job.path();
        if (!job.settings().createFile().permits(path + "/any", job.home())) {
            throw Problem.defer("tried to create file in " + path
                    + ", but file creation outside the home directory is not permitted");
        }
        if (job.settings().maildir()) {
            return maildir(job, Path.of(path));
        }
        if (job.settings().forms().mailstore()) {
            return mailstore(job, Path.of(path));
        }
        return plain(job, Path.of(path));
    }

    /** The mailbox's size and file count before this message, as the quota options say to find them. */
    private record Usage(long size, int files, Path sizeFile, boolean quotaDisabled) {
    }

    /**
     * The usage the quota checks see: {@code mailbox_size} and {@code mailbox_filecount}
     * when given, else what is computed; the directory is walked only for what is not given
     * (the file count only when there is a file count quota), as in Exim.
     */
    private static Usage usage(Job job, Path dir, boolean maildir) throws Problem {
        Usage found = computedUsage(job, dir, maildir);
        return new Usage(job.givenSize() >= 0 ? job.givenSize() : found.size(),
                job.givenFiles() >= 0 ? (int) job.givenFiles() : found.files(), found.sizeFile(),
                found.quotaDisabled());
    }

    private static Usage computedUsage(Job job, Path dir, boolean maildir) throws Problem {
        Quota quota = job.quota();
        QuotaOptions options = job.settings().quota();
        boolean sizeFile = maildir && job.useSizeFile();
        boolean sizeNeeded = job.givenSize() < 0 || job.givenFiles() < 0 && quota.filecount() > 0;
        if (quota.value() <= 0 && !quota.checksThreshold() && !sizeFile || !sizeFile && !sizeNeeded) {
            return new Usage(0, 0, null, false);
        }
        Path checkPath = dir;
        if (options.directory() != null) {
            String expanded;
            try {
                expanded = job.expander().expand(options.directory());
            } catch (ExpansionException e) {
                throw Problem.defer("Expansion of \"" + options.directory() + "\" (quota_directory name for "
                        + job.settings().name() + " transport) failed: " + e.getMessage());
            }
            if (!expanded.startsWith("/")) {
                throw Problem.defer("appendfile: quota_directory name \"" + expanded + "\" is not absolute");
            }
            checkPath = Path.of(expanded);
        } else if (maildir && Files.exists(dir.resolve("maildirfolder")) && dir.getParent() != null) {
            checkPath = dir.getParent();
        }
        if (sizeFile) {
            Pattern dirRegex = options.maildirDirectoryRegex();
            String p = dir.toString();
            String c = checkPath.toString();
            if (dirRegex != null && p.startsWith(c)) {
                String below = p.substring(c.length()).replaceFirst("^/+", "");
                if (!dirRegex.matcher(below.isEmpty() ? "new" : below + "/new").find()) {
                    return new Usage(0, 0, null, true);
                }
            }
            try {
                MaildirSize.State state = MaildirSize.ensure(checkPath, job, options.sizeRegex(), dirRegex);
                return new Usage(state.size(), state.files(), state.file(), false);
            } catch (IOException e) {
                throw Problem.io("while opening or reading " + checkPath + "/maildirsize", e);
            }
        }
        Quota.Usage u = Quota.usage(checkPath, options.sizeRegex());
        return new Usage(u.size(), u.files(), null, false);
    }

    private static Job.Written maildir(Job job, Path dir) throws Problem, InterruptedException {
        Settings s = job.settings();
        ensureMaildir(job, dir);
        Usage usage = usage(job, dir, true);
        if (s.maildirTag() != null) {
            tag(job, 0); // Exim expands it once before writing, to fail early
        }
        long pid = ProcessHandle.current().pid();
        Path tmp = null;
        FileChannel channel = null;
        String basename = null;
        try {
            for (int i = 1; channel == null; i++) {
                long micros = UniqueClock.nextMicros();
                basename = micros / 1_000_000 + ".M" + micros % 1_000_000 + "P" + pid + "." + job.hostname();
                tmp = dir.resolve("tmp").resolve(basename);
                try {
                    job.access().mayCreateIn(tmp.getParent());
                    channel = FileChannel.open(tmp, CREATE, FileFacts.creationMode(s.mode()));
                } catch (IOException e) {
                    tmp = null; // not made: not ours to remove
                    if (i >= s.maildirRetries()) {
                        throw Problem.io(triesMessage(dir, basename, i), e);
                    }
                    Thread.sleep(2000); // Exim's pause between tries
                }
            }
            // Exim works in the maildir and names files relative to it in its messages.
            String tmpName = "tmp/" + basename;
            try {
                job.access().own(tmp);
                FileFacts.chmod(tmp, s.mode());
            } catch (IOException e) {
                throw Problem.io("while setting perms on maildir " + tmpName, e);
            }
            long written = writeAndClose(job, channel, tmp, tmpName, usage);
            channel = null;
            String newLeaf = basename + (s.maildirTag() == null ? "" : tag(job, written));
            Path newName = dir.resolve("new").resolve(newLeaf);
            try {
                job.access().mayCreateIn(newName.getParent());
                Files.move(tmp, newName, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw Problem.io("while renaming " + tmpName + " as new/" + newLeaf, e);
            }
            tmp = null;
            syncDirectory(dir.resolve("new"));
            if (usage.sizeFile() != null) {
                MaildirSize.record(usage.sizeFile(), written);
            }
            return new Job.Written(usage.size(), written, usage.quotaDisabled());
        } finally {
            cleanUp(channel, tmp);
        }
    }

    /**
     * The expanded maildir_tag with {@code $message_size} the bytes written: graphic
     * characters but "/" only, and a ":" first when it starts with a letter or digit. A
     * forced failure gives no tag; another failure defers.
     */
    private static String tag(Job job, long written) throws Problem {
        String template = job.settings().maildirTag();
        String expanded;
        try {
            expanded = job.expander().with(Map.of("message_size", Long.toString(written))).expand(template);
        } catch (ExpansionException e) {
            if (e.isForcedFailure()) {
                return "";
            }
            throw Problem.defer("Expansion of \"" + template + "\" (maildir_tag for " + job.settings().name()
                    + " transport) failed: " + e.getMessage());
        }
        StringBuilder tag = new StringBuilder();
        for (char c : expanded.toCharArray()) {
            if (c > ' ' && c < 127 && c != '/') {
                if (tag.isEmpty() && Character.isLetterOrDigit(c)) {
                    tag.append(':');
                }
                tag.append(c);
            }
        }
        return tag.toString();
    }

    private static String triesMessage(Path dir, String basename, int tries) {
        return "failed to open tmp/" + basename + " (" + tries + " tr"
                + (tries == 1 ? "y" : "ies") + ")";
    }

    /** Exim's maildir_ensure_directories: the directory, then tmp, new and cur in it. */
    private static void ensureMaildir(Job job, Path dir) throws Problem {
        String path = job.path();
        String[] subdirs = {"", "/tmp", "/new", "/cur"};
        try {
            job.access().mayLookIn(dir.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw Problem.io("stat() error for " + path + ": " + Errno.text(e), e);
        }
        for (String sub : subdirs) {
            Path d = sub.isEmpty() ? dir : dir.resolve(sub.substring(1));
            int tries = 0;
            for (; tries < 10; tries++) {
                BasicFileAttributes st;
                try {
                    st = Files.readAttributes(d, BasicFileAttributes.class);
                } catch (NoSuchFileException e) {
                    if (!job.settings().createDirectory()) {
                        throw Problem.io("stat() error for " + path + sub + ": " + Errno.text(e), e);
                    }
                    try {
                        Directories.make(d, job.settings().directoryMode(), job.access());
                    } catch (FileAlreadyExistsException raced) {
                        continue;
                    } catch (IOException made) {
                        throw Problem.io("cannot create " + path + sub, made);
                    }
                    continue; // look again: it must be a directory now
                } catch (IOException e) {
                    throw Problem.io("stat() error for " + path + sub + ": " + Errno.text(e), e);
                }
                if (!st.isDirectory()) {
                    throw Problem.defer(path + sub + " is not a directory");
                }
                break;
            }
            if (tries >= 10) {
                throw Problem.defer("existence of " + path + sub + " unclear");
            }
        }
        Pattern folder = job.settings().forms().maildirfolderCreate();
        if (folder != null && folder.matcher(path).find()) {
            Path marker = dir.resolve("maildirfolder");
            if (!Files.exists(marker)) {
                try {
                    job.access().mayCreateIn(dir);
                    try {
                        Files.createFile(marker, FileFacts.creationMode(0600));
                        job.access().own(marker);
                    } catch (FileAlreadyExistsException raced) {
                        // made meanwhile: what was wanted
                    }
                } catch (IOException e) {
                    throw Problem.defer("appendfile: failed to create maildirfolder file in " + path
                            + " directory: " + Errno.text(e));
                }
            }
        }
    }

    private static Job.Written plain(Job job, Path dir) throws Problem, InterruptedException {
        Usage usage = usage(job, dir, false);
        long micros = UniqueClock.nextMicros();
        Path tmp = dir.resolve("temp." + ProcessHandle.current().pid() + "." + Long.toString(micros, 36) + "."
                + job.hostname());
        FileChannel channel = null;
        try {
            channel = createIn(job, dir, tmp);
            setPerms(job, tmp);
            long written = writeAndClose(job, channel, tmp, tmp.toString(), usage);
            channel = null;
            long inode;
            try {
                inode = FileFacts.inode(tmp);
            } catch (IOException e) {
                throw Problem.io("while fstatting opened message file " + tmp, e);
            }
            String previous = "";
            for (int i = 0;; i++) {
                String leaf = directoryFile(job, inode);
                Path target = dir.resolve(leaf);
                try {
                    Files.createLink(target, tmp);
                    break;
                } catch (IOException e) {
                    if (!(e instanceof FileAlreadyExistsException) || i >= RENAME_TRIES - 1 || leaf.equals(previous)) {
                        throw Problem.io("while renaming " + tmp + " as " + target, e);
                    }
                    previous = leaf;
                    Thread.sleep(1000);
                }
            }
            try {
                Files.delete(tmp);
            } catch (IOException e) {
                // the message is in place; a left-over temp file is harmless
            }
            tmp = null;
            syncDirectory(dir);
            return new Job.Written(usage.size(), written, false);
        } finally {
            cleanUp(channel, tmp);
        }
    }

    /** The expanded directory_file, with {@code $inode} the new file's inode number. */
    private static String directoryFile(Job job, long inode) throws Problem {
        String template = job.settings().forms().directoryFile();
        if (template == null) {
            return "q" + base62(Instant.now().getEpochSecond()) + "-" + inode;
        }
        try {
            return job.expander().with(Map.of("inode", Long.toString(inode))).expand(template);
        } catch (ExpansionException e) {
            throw Problem.defer("Expansion of \"" + template + "\" (directory_file for " + job.settings().name()
                    + " transport) failed: " + e.getMessage());
        }
    }

    /**
     * Mailstore format: for each message two files in the directory,
     * {@code <message id>-<pid in base 62>.env} (the envelope: {@code mailstore_prefix}, the
     * sender, the addresses, {@code mailstore_suffix}) and {@code .msg} (the message). The
     * envelope is written as {@code .tmp} and renamed to {@code .env} only once the message
     * is complete, so a reader that waits for the {@code .env} file sees whole messages.
     */
    private static Job.Written mailstore(Job job, Path dir) throws Problem {
        Settings s = job.settings();
        Usage usage = usage(job, dir, false);
        String messageId;
        try {
            messageId = job.expander().expand("$message_id");
        } catch (ExpansionException e) {
            throw Problem.defer("no message id for the mailstore file names: " + e.getMessage());
        }
        String base = dir + "/" + messageId + "-" + base62(ProcessHandle.current().pid());
        Path tmp = Path.of(base + ".tmp");
        Path env = Path.of(base + ".env");
        Path data = Path.of(base + ".msg");
        FileChannel channel = null;
        Path msg = null;
        boolean done = false;
        try {
            channel = createIn(job, dir, tmp);
            setPerms(job, tmp);
            try (FileChannel envelope = channel) {
                channel = null;
                envelope.write(java.nio.ByteBuffer.wrap(job.storeEnvelope()));
            } catch (IOException e) {
                throw Problem.io("while closing " + tmp, e);
            }
            try {
                channel = FileChannel.open(data, CREATE, FileFacts.creationMode(s.mode()));
                msg = data;
            } catch (IOException e) {
                throw Problem.io("while creating file " + data, e);
            }
            setPerms(job, data);
            long written = writeAndClose(job, channel, data, data.toString(), usage);
            channel = null;
            try {
                Files.move(tmp, env, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw Problem.io("while renaming " + tmp + " as " + env, e);
            }
            syncDirectory(dir);
            done = true;
            return new Job.Written(usage.size(), written, false);
        } finally {
            cleanUp(channel, done ? null : tmp);
            if (!done && msg != null) {
                cleanUp(null, msg);
            }
        }
    }

    /**
     * Creates {@code file} (a new name) in {@code dir} as the delivery's user, making the
     * directory first when it is missing and create_directory allows.
     */
    private static FileChannel createIn(Job job, Path dir, Path file) throws Problem {
        Settings s = job.settings();
        try {
            job.access().mayCreateIn(dir);
            return FileChannel.open(file, CREATE, FileFacts.creationMode(s.mode()));
        } catch (NoSuchFileException e) {
            if (!s.createDirectory()) {
                throw Problem.io("while creating file " + file, e);
            }
            try {
                Directories.make(dir, s.directoryMode(), job.access());
                job.access().mayCreateIn(dir);
                return FileChannel.open(file, CREATE, FileFacts.creationMode(s.mode()));
            } catch (IOException again) {
                throw Problem.io("while creating file " + file, again);
            }
        } catch (IOException e) {
            throw Problem.io("while creating file " + file, e);
        }
    }

    private static void setPerms(Job job, Path file) throws Problem {
        try {
            job.access().own(file);
            FileFacts.chmod(file, job.settings().mode());
        } catch (IOException e) {
            throw Problem.io("while setting perms on file " + file, e);
        }
    }

    /** Quota checks, then prefix, message and suffix, fsync and close; returns the bytes written. */
    private static long writeAndClose(Job job, FileChannel channel, Path file, String name, Usage usage)
            throws Problem {
        if (!usage.quotaDisabled()) {
            boolean inclusive = job.settings().quota().inclusive();
            String which = null;
            if (job.quota().exceeded(usage.size(), job.message().size(), inclusive)) {
                which = "";
            }
            if (job.quota().filecountExceeded(usage.files(), inclusive)) {
                which = " filecount";
            }
            if (which != null) {
                throw Problem.quota(null, "mailbox is full (MTA-imposed" + which + " quota exceeded while writing to "
                        + name + ")");
            }
        }
        long written;
        try {
            written = MessageWriter.write(channel, job);
        } catch (IOException e) {
            throw MessageWriter.problem(e, name);
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw Problem.io("close() error for " + name, e);
        }
        return written;
    }

    private static void syncDirectory(Path dir) throws Problem {
        try {
            Directories.sync(dir);
        } catch (IOException e) {
            throw Problem.io("while syncing directory " + dir, e);
        }
    }

    private static void cleanUp(FileChannel channel, Path tmp) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // already failing
            }
        }
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // nothing more to do
            }
        }
    }

    /** Exim's string_base62: six digits, most significant first. */
    static String base62(long value) {
        char[] digits = new char[6];
        long v = value;
        for (int i = digits.length - 1; i >= 0; i--) {
            digits[i] = BASE62.charAt((int) Long.remainderUnsigned(v, 62));
            v = Long.divideUnsigned(v, 62);
        }
        return new String(digits);
    }
}
