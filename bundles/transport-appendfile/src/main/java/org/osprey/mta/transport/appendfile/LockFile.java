package org.osprey.mta.transport.appendfile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * The lock file of a mailbox ({@code <mailbox>.lock}), made as Exim and exim_lock make it
 * so that it works over NFS: a "hitching post" file with a unique name
 * ({@code <mailbox>.lock.<host>.<time>.<pid>}, both in hex) is created with O_EXCL and
 * hard-linked to the lock name; the link succeeded if link(2) says so or if the hitching
 * post has two links afterwards (an NFS reply lost). A lock file older than
 * {@code lockfile_timeout} is taken to be left over from a crash and removed.
 */
final class LockFile {
    private LockFile() {
    }

    /** Makes the lock file, trying {@code lock_retries} times {@code lock_interval} apart; returns its path. */
    static Path acquire(Job job) throws Problem, InterruptedException {
        Settings s = job.settings();
        String lockName = job.path() + ".lock";
        Path lock = Path.of(lockName);
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < s.lockRetries(); i++) {
            if (i > 0) {
                Thread.sleep(s.lockInterval().toMillis());
            }
            String hitchName = String.format("%s.%s.%08x.%08x", lockName, job.hostname(),
                    Instant.now().getEpochSecond() & 0xffffffffL, pid & 0xffffffffL);
            Path hitch = Path.of(hitchName);
            try {
                job.access().mayCreateIn(hitch.toAbsolutePath().getParent());
                Files.createFile(hitch, FileFacts.creationMode(s.lockfileMode()));
                job.access().own(hitch);
            } catch (IOException e) {
                String ids = job.access().ids();
                throw Problem.io("creating lock file hitching post " + hitchName + (ids.isEmpty() ? "" : " (" + ids
                        + ")"), e);
            }
            boolean linked;
            try {
                Files.createLink(lock, hitch);
                linked = true;
            } catch (FileAlreadyExistsException e) {
                linked = false;
            } catch (IOException e) {
                linked = FileFacts.linksNoFollow(hitch) == 2;
            }
            try {
                Files.deleteIfExists(hitch);
            } catch (IOException e) {
                // nothing else uses the name
            }
            if (linked) {
                return lock;
            }
            removeIfStale(lock, s.lockfileTimeout().getSeconds());
        }
        throw Problem.defer("failed to lock mailbox " + job.path() + " (lock file)");
    }

    private static void removeIfStale(Path lock, long timeoutSeconds) {
        if (timeoutSeconds <= 0) {
            return;
        }
        try {
            FileTime changed = (FileTime) Files.getAttribute(lock, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            if (Instant.now().getEpochSecond() - changed.toInstant().getEpochSecond() > timeoutSeconds) {
                Files.deleteIfExists(lock);
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // gone already, or no ctime to judge by
        }
    }
}
