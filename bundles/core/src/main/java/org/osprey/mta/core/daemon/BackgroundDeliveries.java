package org.osprey.mta.core.daemon;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.spool.MessageId;

/**
 * What the daemon does with a message a session has accepted (the end of Exim's
 * daemon.c accept loop): a delivery attempt at once, in the background on a bounded set of
 * threads, unless the message is to wait for a queue run. It waits when
 * <ul>
 * <li>the connection came in above smtp_accept_queue: logged {@code no immediate delivery:
 * too many connections (N, max M)};</li>
 * <li>queue_only is in force (queue_only, -odq, or the queue_only_file exists): not logged;</li>
 * <li>the session says so ({@code queueOnly}, e.g. smtp_accept_queue_per_connection, which the
 * session logs);</li>
 * <li>the load average is above queue_only_load: logged {@code no immediate delivery: load
 * average 1.50}; under queue_only_load_latch (the default) the rest of the connection's
 * messages wait too, with the same line.</li>
 * </ul>
 * When every delivery thread is busy and the backlog is full, the message also waits for a
 * queue run: it is on the spool already, so nothing is lost.
 */
public final class BackgroundDeliveries implements AutoCloseable {

    /** One delivery attempt at a new message (the engine's {@code deliver(id, NEW_MESSAGE)}). */
    @FunctionalInterface
    public interface Delivery {
        void deliver(MessageId id);
    }

    /**
     * @param queueOnly queue_only, or -odq given to the daemon (queue_only_override decided already)
     * @param queueOnlyFile queue_only_file, or null
     * @param queueOnlyLoad queue_only_load in thousandths, -1 when unset
     * @param loadLatch queue_only_load_latch
     */
    public record Policy(boolean queueOnly, Path queueOnlyFile, int queueOnlyLoad, boolean loadLatch) {
    }

    private final Policy policy;
    private final Delivery delivery;
    private final LoadAverage load;
    private final LogWriter log;
    private final ThreadPoolExecutor executor;

    /**
     * @param threads the most deliveries at once
     * @param backlog the most accepted messages waiting for a delivery thread
     */
    public BackgroundDeliveries(Policy policy, Delivery delivery, LoadAverage load, LogWriter log, int threads,
            int backlog) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.load = Objects.requireNonNull(load, "load");
        this.log = Objects.requireNonNull(log, "log");
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(Math.max(1, backlog)), r -> {
                    Thread t = new Thread(r, "osprey-delivery-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * A message is on the spool: deliver it now or leave it for a queue run. Called on the
     * connection's thread.
     *
     * @param queueOnly the session wants it queued
     * @return whether a delivery was started
     */
    public boolean accepted(MessageId id, boolean queueOnly) {
        ConnectionContext connection = ConnectionContext.current();
        if (connection != null && connection.tooManyConnections()) {
            delayed(id, "too many connections (" + connection.acceptCount + ", max " + connection.acceptQueue + ")");
            return false;
        }
        if (policy.queueOnly() || policy.queueOnlyFile() != null && Files.exists(policy.queueOnlyFile())
                || queueOnly) {
            return false;
        }
        if (connection != null && connection.latchedLoad >= 0) {
            delayed(id, "load average " + LoadAverage.format(connection.latchedLoad));
            return false;
        }
        if (policy.queueOnlyLoad() >= 0) {
            int now = load.thousandths();
            if (now > policy.queueOnlyLoad()) {
                delayed(id, "load average " + LoadAverage.format(now));
                if (policy.loadLatch() && connection != null) {
                    connection.latchedLoad = now;
                }
                return false;
            }
        }
        try {
            executor.execute(() -> delivery.deliver(id));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    private void delayed(MessageId id, String why) {
        if (log.selector().on("delay_delivery")) {
            log.log(new LogEvent.Line(id.toString(), EnumSet.of(LogFile.MAIN), "no immediate delivery: " + why, null));
        }
    }

    /** Stops taking messages and waits up to {@code seconds} for the deliveries in progress. */
    public void shutdown(long seconds) throws InterruptedException {
        executor.shutdown();
        executor.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
