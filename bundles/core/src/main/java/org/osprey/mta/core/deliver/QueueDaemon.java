package org.osprey.mta.core.deliver;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exim's queue-running daemon ({@code -q30m}): starts a queue run at every interval, on
 * a thread of its own, unless {@code queue_run_max} runs are going already (then that
 * start is skipped, as Exim skips it). Runs until the process is stopped; a run in
 * progress is simply cut off, which loses nothing (an attempt records each success as
 * it happens and leaves the rest on the queue).
 */
public final class QueueDaemon {
    private final QueueRunner runner;
    private final QueueRunner.Selection selection;
    private final Duration interval;
    private final Semaphore slots;

    /**
     * @param max queue_run_max: the most runs at once; 0 for no limit
     */
    public QueueDaemon(QueueRunner runner, QueueRunner.Selection selection, Duration interval, int max) {
        this.runner = Objects.requireNonNull(runner, "runner");
        this.selection = Objects.requireNonNull(selection, "selection");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.slots = new Semaphore(max <= 0 ? Integer.MAX_VALUE : max);
    }

    /** Starts runs until interrupted. The first starts at once, as Exim's daemon starts one on start-up. */
    public void run() throws InterruptedException {
        AtomicInteger n = new AtomicInteger();
        while (!Thread.currentThread().isInterrupted()) {
            if (slots.tryAcquire()) {
                Thread t = new Thread(() -> {
                    try {
                        runner.run(selection);
                    } catch (IOException | RuntimeException e) {
                        System.err.println("osprey: queue run failed: " + e);
                    } finally {
                        slots.release();
                    }
                }, "osprey-queue-run-" + n.incrementAndGet());
                t.start();
            }
            Thread.sleep(interval.toMillis());
        }
    }
}
