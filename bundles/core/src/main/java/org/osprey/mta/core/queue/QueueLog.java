package org.osprey.mta.core.queue;

/**
 * Where the message commands write their main log lines ("frozen by root", "Completed" ...).
 * The command line hands in the process's log writer; tests collect the lines.
 */
@FunctionalInterface
public interface QueueLog {
    /** Writes {@code text} to the main log, after the message id. */
    void main(String messageId, String text);
}
