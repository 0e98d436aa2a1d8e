package org.osprey.mta.core.daemon;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.log.Selector;
import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * The listening half of Exim's daemon: binds every {@link ListenAddress} (SO_REUSEADDR, the
 * smtp_connect_backlog, daemon_startup_retries), accepts on one thread per socket, applies
 * {@link AcceptLimits} there, and runs each connection on a platform thread of its own: the
 * RFC 1413 query, the host name lookup, the {@link ReserveCheck}, then the
 * {@link ConnectionHandler}. A connection turned away gets Exim's 421 line and is closed.
 *
 * <p>Never holds a connection's data: what a session keeps is the session's. Closing the
 * listener stops accepting; sessions in progress run on.
 */
public final class SmtpListener implements Closeable {
    private final ListenerSettings settings;
    private final ConnectionHandler handler;
    private final ConnectionChecks checks;
    private final LoadAverage load;
    private final LogWriter log;
    private final ClientSetup setup;
    private final ConnectionSlots slots = new ConnectionSlots();
    private final List<ServerSocket> sockets = new ArrayList<>();
    private final List<ListenAddress> bound = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final AtomicLong connections = new AtomicLong();
    private volatile boolean closed;

    /**
     * @param lookup the host name lookup for clients that match host_lookup
     * @param ident the RFC 1413 client, used when rfc1413_query_timeout is not zero
     */
    public SmtpListener(ListenerSettings settings, ConnectionHandler handler, ConnectionChecks checks,
            HostNameLookup lookup, IdentClient ident, LoadAverage load, LogWriter log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.checks = Objects.requireNonNull(checks, "checks");
        this.load = Objects.requireNonNull(load, "load");
        this.log = Objects.requireNonNull(log, "log");
        this.setup = new ClientSetup(settings, checks, Objects.requireNonNull(lookup, "lookup"),
                Objects.requireNonNull(ident, "ident"), log);
    }

    /**
     * Binds every address, retrying a failed bind daemon_startup_retries times
     * daemon_startup_sleep apart (each wait logged, as Exim logs it). An IPv4 wildcard
     * whose port an IPv6 wildcard already took is passed over: the IPv6 socket takes both.
     *
     * @throws DaemonException {@code socket bind() to port 25 for address (any IPv4) failed:
     *         Address already in use: daemon abandoned}; the sockets bound so far are closed
     */
    public void bind() throws DaemonException {
        int retries = settings.startupRetries();
        for (ListenAddress a : settings.addresses()) {
            while (true) {
                try {
                    ServerSocket s = new ServerSocket();
                    try {
                        s.setReuseAddress(true);
                        s.bind(a.socketAddress(), Math.max(1, settings.limits().connectBacklog()));
                    } catch (IOException e) {
                        s.close();
                        throw e;
                    }
                    sockets.add(s);
                    // A port of 0 (tests) is the one the system chose.
                    bound.add(new ListenAddress(a.address(), s.getLocalPort()));
                    break;
                } catch (IOException e) {
                    if (e instanceof BindException && coveredByIpv6Wildcard(a)) {
                        break;
                    }
                    String why = "socket bind() to port " + a.port() + " for address " + a.logName() + " failed: "
                            + reason(e);
                    if (retries <= 0) {
                        close();
                        throw new DaemonException(why + ": daemon abandoned", e);
                    }
                    log.write(EnumSet.of(LogFile.MAIN), null, why + ": waiting "
                            + TimeValues.format(settings.startupSleep().toSeconds()) + " before trying again ("
                            + retries + " more " + (retries > 1 ? "tries" : "try") + ")");
                    retries--;
                    try {
                        Thread.sleep(settings.startupSleep().toMillis());
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        close();
                        throw new DaemonException(why + ": daemon abandoned", e);
                    }
                }
            }
        }
    }

    /** Exim's check_special_case: the IPv4 wildcard after an IPv6 wildcard of the same port. */
    private boolean coveredByIpv6Wildcard(ListenAddress a) {
        return a.address().equals("0.0.0.0")
                && bound.stream().anyMatch(b -> b.address().equals("::0") && b.port() == a.port());
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        // The JDK adds the call to some messages ("Address already in use (Bind failed)").
        if (m != null && m.endsWith(" (Bind failed)")) {
            m = m.substring(0, m.length() - " (Bind failed)".length());
        }
        return m == null ? e.toString() : m;
    }

    /** What is listened on, with the ports the system chose for port 0; empty before {@link #bind()}. */
    public List<ListenAddress> boundAddresses() {
        return List.copyOf(bound);
    }

    /** Starts accepting, on one thread per socket; returns at once. */
    public void start() {
        for (ServerSocket s : sockets) {
            Thread t = new Thread(() -> acceptLoop(s), "osprey-smtp-accept-" + s.getLocalPort());
            t.setDaemon(true);
            acceptors.add(t);
            t.start();
        }
    }

    /** The number of connections in progress. */
    public int connectionCount() {
        return slots.count();
    }

    private void acceptLoop(ServerSocket server) {
        int failures = 0;
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
                failures = 0;
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // Exim logs accept() failures and carries on (EMFILE and the like pass).
                log.write(EnumSet.of(LogFile.MAIN), null, "accept() failed: " + reason(e));
                if (++failures > 50) {
                    sleepQuietly(Duration.ofSeconds(1));
                }
                continue;
            }
            accepted(socket);
        }
    }

    /** Exim's handle_smtp_call, up to the fork: the fast checks, the connection line, the thread. */
    private void accepted(Socket socket) {
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        InetSocketAddress local = (InetSocketAddress) socket.getLocalSocketAddress();
        if (remote == null || local == null) {
            closeQuietly(socket);
            return;
        }
        String address = ClientAddresses.text(remote);
        ClientConnection bare = new ClientConnection(remote, local, settings.tlsOnConnect(local.getPort()), null, null,
                false, false);
        AcceptLimits limits = settings.limits();
        int measured = limits.loadReserve() >= 0 ? load.thousandths() : -1;
        LoadAverage seen = () -> measured;
        Optional<Refusal> refusal = limits.check(bare, slots.count(), () -> slots.countFrom(address), seen, checks,
                log.selector(), log::log);
        if (refusal.isPresent()) {
            refuse(socket, refusal.get());
            return;
        }
        int count = slots.take(address);
        if (log.selector().on(Selector.SMTP_CONNECTION)
                && (settings.connectionNolog() == null
                        || checks.matchHost(settings.connectionNolog(), bare) != MatchResult.MATCH)) {
            log.log(LogEvent.Connection.opened(AcceptLimits.peerOf(bare), count));
        }
        Thread t = new Thread(() -> serve(socket, bare, count, measured),
                "osprey-smtp-" + connections.incrementAndGet());
        t.setDaemon(true);
        try {
            t.start();
        } catch (OutOfMemoryError e) {
            slots.release(address);
            log.write(EnumSet.of(LogFile.MAIN, LogFile.PANIC), null, "daemon: accept process fork failed: " + e);
            refuse(socket, new Refusal("421 Fork failed", null));
        }
    }

    /** The connection's own thread: Exim's accepting child process. */
    private void serve(Socket socket, ClientConnection bare, int count, int measuredLoad) {
        String address = ClientAddresses.text(bare.remote());
        ConnectionContext context = new ConnectionContext(count, settings.limits().acceptQueue());
        context.bind();
        try {
            socket.setKeepAlive(settings.keepAlive());
            socket.setTcpNoDelay(settings.noDelay());
            ClientConnection named = setup.identify(bare);
            ReserveCheck.Outcome outcome = ReserveCheck.check(settings.limits(), named, count, measuredLoad,
                    setup.activeHostname(named), checks, log.selector());
            if (outcome.refusal().isPresent()) {
                refuse(socket, outcome.refusal().get());
                return;
            }
            handler.handle(socket, new ClientConnection(bare.remote(), bare.local(), bare.tlsOnConnect(),
                    named.hostName(), named.ident(), context.tooManyConnections(), outcome.reservedSlot()));
        } catch (IOException | RuntimeException e) {
            // The session logs what it knows; a failure outside it is the listener's to record.
            if (!(e instanceof SocketException)) {
                log.write(EnumSet.of(LogFile.MAIN, LogFile.PANIC), null,
                        "SMTP connection from [" + address + "] failed: " + e);
            }
        } finally {
            ConnectionContext.unbind();
            closeQuietly(socket);
            slots.release(address);
        }
    }

    private void refuse(Socket socket, Refusal refusal) {
        try {
            OutputStream out = socket.getOutputStream();
            out.write((refusal.reply() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // The client has gone already.
        }
        if (refusal.event() != null) {
            log.log(refusal.event());
        }
        closeQuietly(socket);
    }

    /** Stops accepting; connections in progress go on. */
    @Override
    public void close() {
        closed = true;
        for (ServerSocket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing a listening socket has nothing to report.
            }
        }
        for (Thread t : acceptors) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do about a socket that will not close.
        }
    }

    private static void sleepQuietly(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
