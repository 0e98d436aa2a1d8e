package org.osprey.mta.transport.appendfile;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Mutual exclusion on one mailbox between deliveries in this JVM. fcntl locks belong to
 * the process, not the thread, so two threads of one JVM would not exclude each other
 * with them, and closing any descriptor of a file drops every lock the process holds on
 * it; each delivery therefore takes this lock before it opens the mailbox at all. An entry
 * lives only while some delivery holds or waits for it.
 */
final class MailboxLocks {
    private static final ConcurrentHashMap<String, Entry> LOCKS = new ConcurrentHashMap<>();

    private MailboxLocks() {
    }

    /** A held lock; {@link #close} releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes the lock of {@code path}, waiting at most {@code wait}.
     *
     * @return the held lock, or null when another delivery kept it for that long
     */
    static Held acquire(String path, Duration wait) throws InterruptedException {
        Entry entry = LOCKS.compute(path, (k, e) -> {
            Entry got = e == null ? new Entry() : e;
            got.users++;
            return got;
        });
        boolean locked = false;
        try {
            locked = entry.lock.tryLock(Math.max(0, wait.toMillis()), TimeUnit.MILLISECONDS);
        } finally {
            if (!locked) {
                release(path, entry, false);
            }
        }
        return locked ? () -> release(path, entry, true) : null;
    }

    private static void release(String path, Entry entry, boolean unlock) {
        if (unlock) {
            entry.lock.unlock();
        }
        LOCKS.compute(path, (k, e) -> --entry.users == 0 ? null : e);
    }

    /** How many mailboxes have a lock entry now (for tests: entries must not leak). */
    static int size() {
        return LOCKS.size();
    }

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }
}
