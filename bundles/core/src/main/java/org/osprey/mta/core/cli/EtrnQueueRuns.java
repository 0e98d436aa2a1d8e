package org.osprey.mta.core.cli;

import java.io.IOException;
import java.util.Objects;
import org.osprey.mta.core.deliver.QueueRunner;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.smtp.SmtpService;

/**
 * The daemon's queue runs for ETRN {@code #selector}: where Exim forks {@code exim -R selector},
 * each run goes on a thread of its own, and the session's {@code finished} (which releases the
 * smtp_etrn_serialize entry) runs when it ends, however it ends.
 */
final class EtrnQueueRuns implements SmtpService.QueueRunStarter {
    /** One queue run ({@link QueueRunner#run}). */
    @FunctionalInterface
    interface QueueRun {
        void run(QueueRunner.Selection selection) throws IOException;
    }

    private final QueueRun run;
    private final LogWriter log;

    EtrnQueueRuns(QueueRun run, LogWriter log) {
        this.run = Objects.requireNonNull(run, "run");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** What {@code -R selector} selects: messages with an undelivered recipient containing it, retry times kept. */
    static QueueRunner.Selection selection(String selector) {
        return new QueueRunner.Selection(false, false, false, selector, false, null, false, null, null);
    }

    @Override
    public boolean start(String selector, Runnable finished) {
        // Not a daemon thread: like Exim's forked -R process, a run started goes on to its end.
        Thread t = new Thread(() -> {
            try {
                run.run(selection(selector));
            } catch (IOException | RuntimeException e) {
                log.log(new LogEvent.Panic(null, "queue run for ETRN #" + selector + " failed: " + e.getMessage()));
            } finally {
                finished.run();
            }
        }, "osprey-etrn-" + selector);
        try {
            t.start();
        } catch (OutOfMemoryError e) {
            // No thread to be had: the JVM's "fork failed".
            return false;
        }
        return true;
    }
}
