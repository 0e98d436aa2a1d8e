package org.osprey.mta.transport.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The LMTP server at the other end: a command's standard input and output, or a Unix
 * domain socket. Reads and writes are timed as Exim times them with alarm(): when one
 * blocks for longer than the timeout, the peer is aborted (the command killed, the socket
 * closed), which ends the blocked call, and {@link #timedOut()} says why it ended.
 */
abstract class Peer {
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "lmtp-timeout");
        t.setDaemon(true);
        return t;
    });

    private volatile boolean timedOut;
    private ScheduledFuture<?> alarm;

    /** What the server writes. */
    abstract InputStream input();

    /** What the server reads. */
    abstract OutputStream output();

    /** Ends the connection at once: Exim's killpg of the command. */
    abstract void abort();

    /** Ends the connection after the dialogue: closes it and waits up to {@code timeout} for a command to end. */
    abstract void finish(Duration timeout);

    /** Starts the clock for one read or write; zero is no limit. */
    final void arm(Duration timeout) {
        timedOut = false;
        if (!timeout.isZero()) {
            alarm = TIMER.schedule(() -> {
                timedOut = true;
                abort();
            }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    final void disarm() {
        if (alarm != null) {
            alarm.cancel(false);
            alarm = null;
        }
    }

    /** Whether the last timed call ended because its time ran out. */
    final boolean timedOut() {
        return timedOut;
    }

    /** The output with every write timed, counting the bytes written. */
    final class TimedOutput extends OutputStream {
        private final Duration timeout;
        private long count;

        TimedOutput(Duration timeout) {
            this.timeout = timeout;
        }

        long count() {
            return count;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            arm(timeout);
            try {
                output().write(b, off, len);
                output().flush();
                count += len;
            } finally {
                disarm();
            }
        }
    }
}
