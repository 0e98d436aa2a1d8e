package org.osprey.mta.core.daemon;

/**
 * What the daemon knew of a connection when it let it in, for the deliveries of the messages
 * it brings ({@link BackgroundDeliveries}): the connection count then, for the
 * smtp_accept_queue log line, and whether queue_only_load has latched for the rest of the
 * connection (queue_only_load_latch). Bound to the connection's thread for the length of
 * the session, as Exim keeps these in the process that handles the connection.
 */
final class ConnectionContext {
    private static final ThreadLocal<ConnectionContext> CURRENT = new ThreadLocal<>();

    final int acceptCount;
    final int acceptQueue;
    /** The load average (thousandths) that latched queue_only_load for this connection, or -1. */
    volatile int latchedLoad = -1;

    ConnectionContext(int acceptCount, int acceptQueue) {
        this.acceptCount = acceptCount;
        this.acceptQueue = acceptQueue;
    }

    /** Whether smtp_accept_queue puts every message of this connection on the queue. */
    boolean tooManyConnections() {
        return acceptQueue > 0 && acceptCount > acceptQueue;
    }

    /** The context of the connection this thread handles, or null (inetd, -bs, tests). */
    static ConnectionContext current() {
        return CURRENT.get();
    }

    void bind() {
        CURRENT.set(this);
    }

    static void unbind() {
        CURRENT.remove();
    }
}
