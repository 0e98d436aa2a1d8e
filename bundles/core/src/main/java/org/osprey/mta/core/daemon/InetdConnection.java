package org.osprey.mta.core.daemon;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.Channel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.smtp.ClientConnection;

/**
 * {@code -bs} started by inetd: standard input is a TCP socket, and the host at its other
 * end is the client. As the SMTP chapter says, this is allowed when either port of the
 * socket is privileged (below 1024) or the caller is root or the Exim user; anyone else
 * handing over a socket on unprivileged ports is refused. (Exim 4.96's exim.c tests only the
 * local port; the chapter's "either port" is followed here.) The connection limits that
 * count connections do not apply, as each inetd connection is a process of its own; the
 * load reserve does.
 */
public final class InetdConnection {
    /** The refusal's text; the command line puts its name in front and exits with failure. */
    public static final String PERMISSION_DENIED = "Permission denied (unprivileged user, unprivileged port)";

    private final Socket socket;
    private final ClientConnection connection;

    private InetdConnection(Socket socket, ClientConnection connection) {
        this.socket = socket;
        this.connection = connection;
    }

    /**
     * The inetd client when standard input is a TCP socket ({@code System.inheritedChannel()}).
     *
     * @param inherited the inherited channel, or null
     * @param privilegedCaller the caller is root or the Exim user
     * @param tlsOnConnect the tls_on_connect_ports, or {@code -tls-on-connect} for every port
     * @return empty when standard input is not a TCP socket (a local -bs)
     * @throws DaemonException {@link #PERMISSION_DENIED}
     */
    public static Optional<InetdConnection> detect(Channel inherited, boolean privilegedCaller,
            java.util.function.IntPredicate tlsOnConnect) throws DaemonException {
        if (!(inherited instanceof SocketChannel channel)) {
            return Optional.empty();
        }
        InetSocketAddress remote;
        InetSocketAddress local;
        try {
            remote = (InetSocketAddress) channel.getRemoteAddress();
            local = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException | ClassCastException e) {
            return Optional.empty();
        }
        if (remote == null || local == null) {
            return Optional.empty();
        }
        if (!privilegedCaller && local.getPort() >= 1024 && remote.getPort() >= 1024) {
            throw new DaemonException(PERMISSION_DENIED);
        }
        return Optional.of(new InetdConnection(channel.socket(), new ClientConnection(remote, local,
                tlsOnConnect.test(local.getPort()), null, null, false, false)));
    }

    /** The inherited socket. */
    public Socket socket() {
        return socket;
    }

    /** The client, before its ident and name are known. */
    public ClientConnection connection() {
        return connection;
    }

    /**
     * The client with its ident and verified name, or empty when smtp_load_reserve turns it
     * away (the 421 reply written and the line logged, as the daemon does).
     */
    public Optional<ClientConnection> identify(ListenerSettings settings, ConnectionChecks checks,
            HostNameLookup lookup, IdentClient ident, LoadAverage load, LogWriter log) {
        ClientSetup setup = new ClientSetup(settings, checks, lookup, ident, log);
        ClientConnection named = setup.identify(connection);
        AcceptLimits l = settings.limits();
        AcceptLimits uncounted = new AcceptLimits(0, 0, l.reserveHosts(), l.loadReserve(), null, 0, l.queueOnlyLoad(),
                l.connectBacklog());
        ReserveCheck.Outcome outcome = ReserveCheck.check(uncounted, named, 1,
                l.loadReserve() >= 0 ? load.thousandths() : -1, setup.activeHostname(named), checks, log.selector());
        if (outcome.refusal().isPresent()) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write((outcome.refusal().get().reply() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                // The client has gone.
            }
            log.log(outcome.refusal().get().event());
            return Optional.empty();
        }
        return Optional.of(named);
    }

    /** Whether a set of tls_on_connect_ports, or -tls-on-connect, makes a port start with TLS. */
    public static java.util.function.IntPredicate tlsPorts(Set<Integer> ports, boolean all) {
        return port -> all || ports.contains(port);
    }
}
