package org.osprey.mta.core.smtp;

import java.net.InetSocketAddress;

/**
 * What the listener knows of one incoming SMTP connection before the session starts.
 *
 * @param remote the client's address and port, or null for {@code -bs} from a local process
 * @param local the interface address and port the connection came in on, or null for {@code -bs}
 * @param tlsOnConnect true when TLS starts at once (a port in {@code tls_on_connect_ports}, or {@code -tls-on-connect})
 * @param hostName the client's verified host name from the reverse lookup ({@code host_lookup}), or null
 * @param ident the RFC 1413 user name of the client, or null
 * @param queueOnly true when messages of this connection are only queued, not delivered at once
 *        ({@code smtp_accept_queue} or {@code queue_only_load} was reached when it was accepted)
 * @param reservedSlot true when the connection was accepted in one of the {@code smtp_accept_reserve} slots
 */
public record ClientConnection(InetSocketAddress remote, InetSocketAddress local, boolean tlsOnConnect,
        String hostName, String ident, boolean queueOnly, boolean reservedSlot) {

    /** A {@code -bs} session: no client host. */
    public static ClientConnection standardInput() {
        return new ClientConnection(null, null, false, null, null, false, false);
    }
}
