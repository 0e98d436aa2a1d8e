package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Appends a message to a single mailbox file, as Exim's appendfile does with {@code file}:
 * <ol>
 * <li>creates the missing directories above it ({@code create_directory});</li>
 * <li>takes the mailbox's lock in this JVM, then a lock file {@code <file>.lock} made
 *     through a uniquely named "hitching post" and link(2), which works over NFS
 *     ({@code use_lockfile});</li>
 * <li>looks at the file without following links: it must belong to the delivery's uid
 *     ({@code check_owner}) and gid ({@code check_group}) when the delivery has
 *     credentials, be a regular file with one link
 *     and have a mode no wider than {@code mode} (a wider one is narrowed; a narrower one
 *     defers unless {@code mode_fail_narrower} is false); a missing file is created with
 *     O_EXCL and given {@code mode}, unless {@code file_must_exist} or
 *     {@code create_file} forbid it;</li>
 * <li>opens it for appending, checks it is still the same file, and takes an exclusive
 *     fcntl lock without waiting ({@code use_fcntl_lock}); a lock held elsewhere closes the
 *     file and tries again after {@code lock_interval}, up to {@code lock_retries} times;</li>
 * <li>checks the quota, writes prefix, message and suffix, and fsyncs;</li>
 * <li>on any failure cuts the file back to its size before the delivery, so that no
 *     partial message is left in it; restores the access time in all cases (mail readers
 *     compare it with the modification time to see new mail).</li>
 * </ol>
 * Never reports success before the data is on the disk. Every step is taken as the
 * delivery's user would take it ({@link UserAccess}): what it creates is that user's.
 */
final class MailboxFile {
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
            StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> APPEND = Set.of(StandardOpenOption.WRITE, StandardOpenOption.APPEND,
            LinkOption.NOFOLLOW_LINKS);
    /** For a symbolic link that allow_symlink lets through. */
    private static final Set<OpenOption> APPEND_FOLLOWING = Set.of(StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);

    private MailboxFile() {
    }

    static Job.Written deliver(Job job) throws Problem, InterruptedException {
        Settings s = job.settings();
        String filename = job.path();
        Path file = Path.of(filename);
        boolean allowCreation = s.createFile().permits(filename, job.home());
        if (s.createDirectory() && allowCreation) {
            Path dir = file.getParent();
            try {
                Directories.make(dir, s.directoryMode(), job.access());
            } catch (IOException e) {
                throw Problem.io("failed to create directories for " + filename + ": " + Errno.text(e), e);
            }
        }
        Duration jvmWait = s.lockInterval().multipliedBy(s.lockRetries());
        try (MailboxLocks.Held held = MailboxLocks.acquire(file.normalize().toString(), jvmWait)) {
            if (held == null) {
                throw Problem.defer("failed to lock mailbox " + filename + " (fcntl/flock)");
            }
            Path lockFile = s.useLockfile() ? LockFile.acquire(job) : null;
            try {
                return appendLocked(job, file, allowCreation);
            } finally {
                if (lockFile != null) {
                    try {
                        Files.deleteIfExists(lockFile);
                    } catch (IOException e) {
                        // a stale lock file times out (lockfile_timeout)
                    }
                }
            }
        }
    }

    private static Job.Written appendLocked(Job job, Path file, boolean allowCreation)
            throws Problem, InterruptedException {
        Settings s = job.settings();
        String filename = job.path();
        FileChannel channel = null;
        try {
            boolean opened = false;
            boolean ready = false;
            boolean fifo = false;
            for (int i = 0; i < s.lockRetries() && !ready; i++) {
                opened = false;
                Opened o = open(job, file, allowCreation);
                if (o == null) {
                    continue; // created or removed meanwhile: look again
                }
                channel = o.channel();
                fifo = o.fifo();
                opened = true;
                // A named pipe is not locked: it has no contents to protect.
                if (fifo || !s.useFcntl() || lock(channel, s.lockFcntlTimeout())) {
                    ready = true;
                    break;
                }
                closeQuietly(channel);
                channel = null;
                if (i + 1 < s.lockRetries() && s.lockFcntlTimeout().isZero()) {
                    Thread.sleep(s.lockInterval().toMillis());
                }
            }
            if (!ready) {
                throw Problem.defer(opened
                        ? "failed to lock mailbox " + filename + " (fcntl/flock)"
                        : "mailbox " + filename + ": existence unclear");
            }
            Job.Written written = write(job, file, channel, fifo);
            FileChannel closing = channel;
            channel = null;
            try {
                closing.close();
            } catch (IOException e) {
                throw Problem.io("while closing " + filename, e);
            }
            return written;
        } finally {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    // already failing
                }
            }
        }
    }

    /** An open mailbox: a regular file, or a named pipe ({@code allow_fifo}). */
    private record Opened(FileChannel channel, boolean fifo) {
    }

    /**
     * One pass of Exim's open loop: the open file, or null to look again. The file is looked
     * at without following a link; with {@code allow_symlink} a link's owner and link count
     * are checked and then the file it points to is looked at the same way.
     */
    private static Opened open(Job job, Path file, boolean allowCreation) throws Problem, InterruptedException {
        Settings s = job.settings();
        Settings.Forms forms = s.forms();
        String filename = job.path();
        UserAccess access = job.access();
        LinkOption[] how = {LinkOption.NOFOLLOW_LINKS};
        BasicFileAttributes st;
        boolean isLink;
        long inode;
        int oldMode;
        int type;
        while (true) {
            int fileUid;
            int fileGid;
            try {
                access.mayLookIn(file.toAbsolutePath().getParent());
                st = Files.readAttributes(file, BasicFileAttributes.class, how);
                inode = FileFacts.inode(file, how);
                oldMode = FileFacts.mode(file, how);
                type = FileFacts.type(file, how);
                fileUid = FileFacts.uid(file, how);
                fileGid = FileFacts.gid(file, how);
            } catch (NoSuchFileException e) {
                if (how.length == 0) {
                    return null; // a link to nothing, or changing: look again
                }
                FileChannel created = create(job, file, allowCreation, e);
                return created == null ? null : new Opened(created, false);
            } catch (IOException e) {
                throw Problem.io("attempting to stat mailbox " + filename, e);
            }
            isLink = st.isSymbolicLink();
            if (s.checkOwner() && access.hasUser() && fileUid != access.uid()) {
                throw Problem.defer("mailbox " + filename + (isLink ? " (symlink)" : "") + " has wrong uid ("
                        + fileUid + " != " + access.uid() + ")");
            }
            if (s.checkGroup() && access.hasUser() && fileGid != access.gid()) {
                throw Problem.defer("mailbox " + filename + (isLink ? " (symlink)" : "") + " has wrong gid ("
                        + fileGid + " != " + access.gid() + ")");
            }
            int links = FileFacts.links(file, how);
            if (links != 1) {
                throw Problem.defer("mailbox " + filename + (isLink ? " (symlink)" : "") + " has too many links ("
                        + links + ")");
            }
            if (isLink && forms.allowSymlink()) {
                how = new LinkOption[0]; // Exim goes round again with stat() instead of lstat()
                continue;
            }
            break;
        }
        boolean fifo = forms.allowFifo() && type == FileFacts.FIFO;
        if (!fifo && !st.isRegularFile()) {
            throw Problem.defer("mailbox " + filename + " is not a regular file"
                    + (forms.allowFifo() ? " or named pipe" : ""));
        }
        int mode = s.mode();
        if (oldMode != mode) {
            int diffs = oldMode ^ mode;
            if ((diffs & oldMode) == diffs) {
                try {
                    access.mayChmod(file);
                    FileFacts.chmod(file, mode);
                } catch (IOException e) {
                    throw Problem.io("attempting to chmod mailbox " + filename, e);
                }
                oldMode = mode;
            } else if (s.modeFailNarrower()) {
                throw Problem.defer("mailbox " + filename + " has the wrong mode " + Integer.toOctalString(oldMode)
                        + " (" + Integer.toOctalString(mode) + " expected)");
            }
        }
        FileChannel channel;
        try {
            access.mayWrite(file);
            channel = fifo ? NamedPipe.openForWriting(file) : FileChannel.open(file, appendOptions(how));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw Problem.io(fifo ? "while opening named pipe " + filename + " (could mean no process is reading it)"
                    : "while opening mailbox " + filename, e);
        }
        try {
            long nowInode = FileFacts.inode(file, how);
            if (nowInode != inode) {
                throw Problem.defer("opened mailbox " + filename + " inode number changed from " + inode + " to "
                        + nowInode);
            }
            boolean stillFifo = FileFacts.type(file, how) == FileFacts.FIFO;
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class, how);
            if (fifo ? !stillFifo : !now.isRegularFile()) {
                throw Problem.defer("opened mailbox " + filename + " is no longer a "
                        + (fifo ? "named pipe" : "regular file"));
            }
            int nowMode = FileFacts.mode(file, how);
            if (nowMode != oldMode) {
                throw Problem.defer("opened mailbox " + filename + " has wrong mode " + Integer.toOctalString(nowMode)
                        + " (" + Integer.toOctalString(mode) + " expected)");
            }
            if (!fifo && !forms.fileFormat().isEmpty()) {
                FileFormat.check(forms.fileFormat(), s.name(), filename);
            }
            return new Opened(channel, fifo);
        } catch (IOException e) {
            closeQuietly(channel);
            throw Problem.io("attempting to stat open mailbox " + filename, e);
        } catch (Problem | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Set<OpenOption> appendOptions(LinkOption[] how) {
        return how.length == 0 ? APPEND_FOLLOWING : APPEND;
    }

    /** The file does not exist: create it (O_EXCL), or say why not; null when it appeared meanwhile. */
    private static FileChannel create(Job job, Path file, boolean allowCreation, NoSuchFileException absent)
            throws Problem {
        Settings s = job.settings();
        String filename = job.path();
        if (s.fileMustExist()) {
            throw Problem.io("mailbox " + filename + " does not exist, but file_must_exist is set", absent);
        }
        if (!allowCreation) {
            throw Problem.defer("mailbox " + filename
                    + " does not exist, but creation outside the home directory is not permitted");
        }
        FileChannel channel;
        try {
            job.access().mayCreateIn(file.toAbsolutePath().getParent());
            channel = FileChannel.open(file, CREATE, FileFacts.creationMode(s.mode()));
        } catch (FileAlreadyExistsException e) {
            return null;
        } catch (IOException e) {
            if (job.addressFile() && Errno.isUserError(Errno.text(e))) {
                throw Problem.fail("while creating mailbox " + filename, e);
            }
            throw Problem.io("while creating mailbox " + filename, e);
        }
        try {
            job.access().own(file);
            FileFacts.chmod(file, s.mode());
        } catch (IOException e) {
            closeQuietly(channel);
            throw Problem.fail("while setting perms on mailbox " + filename, e);
        }
        return channel;
    }

    /**
     * An exclusive fcntl lock on the whole file; false when someone else holds one. Without
     * {@code lock_fcntl_timeout} it does not wait; with it, it waits up to that long (Exim's
     * F_SETLKW under an alarm; here tries every 50ms, since the JDK's blocking lock cannot
     * be given a time limit), and the retry loop then does not sleep between tries.
     */
    private static boolean lock(FileChannel channel, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return true;
                }
            } catch (OverlappingFileLockException | IOException e) {
                // held elsewhere in this JVM, or not lockable: as a held lock
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            Thread.sleep(50);
        }
    }

    private static Job.Written write(Job job, Path file, FileChannel channel, boolean fifo) throws Problem {
        String filename = job.path();
        long savedSize;
        BasicFileAttributes before;
        try {
            savedSize = channel.size();
            before = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw Problem.io("while fstatting opened mailbox " + filename, e);
        }
        FileTime atime = before.lastAccessTime();
        // mailbox_size, when given, is the size the quota sees (Exim: only when not negative)
        long mailboxSize = job.givenSize() >= 0 ? job.givenSize() : savedSize;
        boolean done = false;
        try {
            if (job.quota().exceeded(mailboxSize, job.message().size(), job.settings().quota().inclusive())) {
                throw Problem.quota(null, "mailbox is full (MTA-imposed quota exceeded while writing to "
                        + filename + ")");
            }
            long written;
            try {
                written = MessageWriter.write(channel, job, !fifo);
            } catch (IOException e) {
                throw MessageWriter.problem(e, filename);
            }
            done = true;
            return new Job.Written(mailboxSize, written, false, savedSize);
        } finally {
            if (!done && !fifo) {
                try {
                    channel.truncate(savedSize);
                    channel.force(true);
                } catch (IOException e) {
                    // Exim, too, carries on when the reset fails
                }
            }
            FileTime mtime = done ? FileTime.from(Instant.now()) : before.lastModifiedTime();
            try {
                Files.getFileAttributeView(file, BasicFileAttributeView.class).setTimes(mtime, atime, null);
            } catch (IOException e) {
                // times are a courtesy to mail readers
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // already failing
        }
    }
}
