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
            for (int i = 0; i < s.lockRetries() && !ready; i++) {
                opened = false;
                channel = open(job, file, allowCreation);
                if (channel == null) {
                    continue; // created or removed meanwhile: look again
                }
                opened = true;
                if (!s.useFcntl() || lock(channel)) {
                    ready = true;
                    break;
                }
                closeQuietly(channel);
                channel = null;
                if (i + 1 < s.lockRetries()) {
                    Thread.sleep(s.lockInterval().toMillis());
                }
            }
            if (!ready) {
                throw Problem.defer(opened
                        ? "failed to lock mailbox " + filename + " (fcntl/flock)"
                        : "mailbox " + filename + ": existence unclear");
            }
            Job.Written written = write(job, file, channel);
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

    /** One pass of Exim's open loop: the open file, or null to look again. */
    private static FileChannel open(Job job, Path file, boolean allowCreation) throws Problem {
        Settings s = job.settings();
        String filename = job.path();
        BasicFileAttributes st;
        try {
            job.access().mayLookIn(file.toAbsolutePath().getParent());
            st = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return create(job, file, allowCreation, e);
        } catch (IOException e) {
            throw Problem.io("attempting to stat mailbox " + filename, e);
        }
        boolean isLink = st.isSymbolicLink();
        long inode;
        int oldMode;
        int fileUid;
        int fileGid;
        try {
            inode = FileFacts.inode(file);
            oldMode = FileFacts.mode(file);
            fileUid = FileFacts.uid(file);
            fileGid = FileFacts.gid(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw Problem.io("attempting to stat mailbox " + filename, e);
        }
        UserAccess access = job.access();
        if (s.checkOwner() && access.hasUser() && fileUid != access.uid()) {
            throw Problem.defer("mailbox " + filename + (isLink ? " (symlink)" : "") + " has wrong uid (" + fileUid
                    + " != " + access.uid() + ")");
        }
        if (s.checkGroup() && access.hasUser() && fileGid != access.gid()) {
            throw Problem.defer("mailbox " + filename + (isLink ? " (symlink)" : "") + " has wrong gid (" + fileGid
                    + " != " + access.gid() + ")");
        }
        int links = FileFacts.linksNoFollow(file);
        if (links != 1) {
            throw Problem.defer("mailbox " + filename + (isLink ? " (symlink)" : "") + " has too many links ("
                    + links + ")");
        }
        if (!st.isRegularFile()) {
            throw Problem.defer("mailbox " + filename + " is not a regular file");
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
            channel = FileChannel.open(file, APPEND);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw Problem.io("while opening mailbox " + filename, e);
        }
        try {
            BasicFileAttributes now = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long nowInode = FileFacts.inode(file);
            if (nowInode != inode) {
                throw Problem.defer("opened mailbox " + filename + " inode number changed from " + inode + " to "
                        + nowInode);
            }
            if (!now.isRegularFile()) {
                throw Problem.defer("opened mailbox " + filename + " is no longer a regular file");
            }
            int nowMode = FileFacts.mode(file);
            if (nowMode != oldMode) {
                throw Problem.defer("opened mailbox " + filename + " has wrong mode " + Integer.toOctalString(nowMode)
                        + " (" + Integer.toOctalString(mode) + " expected)");
            }
            return channel;
        } catch (IOException e) {
            closeQuietly(channel);
            throw Problem.io("attempting to stat open mailbox " + filename, e);
        } catch (Problem | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
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

    /** A non-blocking exclusive fcntl lock on the whole file; false when someone else holds one. */
    private static boolean lock(FileChannel channel) {
        try {
            FileLock lock = channel.tryLock();
            return lock != null;
        } catch (OverlappingFileLockException | IOException e) {
            return false;
        }
    }

    private static Job.Written write(Job job, Path file, FileChannel channel) throws Problem {
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
        boolean done = false;
        try {
            if (job.quota().exceeded(savedSize, job.message().size(), job.settings().quota().inclusive())) {
                throw Problem.quota(null, "mailbox is full (MTA-imposed quota exceeded while writing to "
                        + filename + ")");
            }
            long written;
            try {
                written = MessageWriter.write(channel, job);
            } catch (IOException e) {
                throw MessageWriter.problem(e, filename);
            }
            done = true;
            return new Job.Written(savedSize, written, false);
        } finally {
            if (!done) {
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
