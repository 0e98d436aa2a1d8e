package org.osprey.mta.core.daemon;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Optional;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.log.Peer;
import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * The checks Exim's daemon makes the moment it accepts a connection, before anything slow
 * (daemon.c, handle_smtp_call): smtp_accept_max, smtp_load_reserve when no
 * smtp_reserve_hosts are set (with reserve hosts the check waits for the name lookup, see
 * {@link ReserveCheck}), and smtp_accept_max_per_host, expanded for the client.
 *
 * @param acceptMax smtp_accept_max, 0 for no limit (Exim caps it at 4096)
 * @param acceptReserve smtp_accept_reserve
 * @param reserveHosts smtp_reserve_hosts, or null
 * @param loadReserve smtp_load_reserve in thousandths, -1 when unset
 * @param maxPerHost smtp_accept_max_per_host (expanded per client), or null
 * @param acceptQueue smtp_accept_queue, 0 when unset or not below acceptMax
 * @param queueOnlyLoad queue_only_load in thousandths, -1 when unset
 * @param connectBacklog smtp_connect_backlog
 */
public record AcceptLimits(int acceptMax, int acceptReserve, String reserveHosts, int loadReserve, String maxPerHost,
        int acceptQueue, int queueOnlyLoad, int connectBacklog) {

    public AcceptLimits {
        acceptMax = Math.min(acceptMax, 4096);
        if (acceptQueue > acceptMax) {
            acceptQueue = 0;
        }
    }

    public static AcceptLimits of(Configuration config) {
        return new AcceptLimits(intOption(config.get(MainOptions.SMTP_ACCEPT_MAX), 20),
                intOption(config.get(MainOptions.SMTP_ACCEPT_RESERVE), 0),
                blankToNull(config.get(MainOptions.SMTP_RESERVE_HOSTS)),
                LoadAverage.option(config.get(MainOptions.SMTP_LOAD_RESERVE)),
                blankToNull(config.get(MainOptions.SMTP_ACCEPT_MAX_PER_HOST)),
                intOption(config.get(MainOptions.SMTP_ACCEPT_QUEUE), 0),
                LoadAverage.option(config.get(MainOptions.QUEUE_ONLY_LOAD)),
                intOption(config.get(MainOptions.SMTP_CONNECT_BACKLOG), 20));
    }

    /**
     * Whether a new connection is turned away; {@code count} is the number of other
     * connections in progress, {@code fromHost} how many of them come from its address.
     *
     * @param log where expansion failures of smtp_accept_max_per_host are written (main and panic)
     */
    Optional<Refusal> check(ClientConnection client, int count, java.util.function.IntSupplier fromHost,
            LoadAverage load, ConnectionChecks checks, LogSelector selector,
            java.util.function.Consumer<LogEvent> log) {
        Peer peer = peerOf(client);
        if (acceptMax > 0 && count >= acceptMax) {
            return Optional.of(new Refusal("421 Too many concurrent SMTP connections; please try again later.",
                    new LogEvent.ConnectionRefused(peer, "too many connections")));
        }
        if (loadReserve >= 0 && reserveHosts == null) {
            int now = load.thousandths();
            if (now > loadReserve) {
                return Optional.of(new Refusal("421 Too much load; please try again later.",
                        new LogEvent.ConnectionRefused(peer, "load average = " + LoadAverage.format(now))));
            }
        }
        int max = maxForHost(client, checks, peer, selector, log);
        if (max > 0 && count >= max && fromHost.getAsInt() >= max) {
            return Optional.of(new Refusal("421 Too many concurrent SMTP connections from this IP address; "
                    + "please try again later.",
                    new LogEvent.ConnectionRefused(peer, "too many connections from that IP address")));
        }
        return Optional.empty();
    }

    /** smtp_accept_max_per_host for this client: leading digits of the expansion; 0 for none. */
    private int maxForHost(ClientConnection client, ConnectionChecks checks, Peer peer, LogSelector selector,
            java.util.function.Consumer<LogEvent> log) {
        if (maxPerHost == null) {
            return 0;
        }
        String whofrom = peer.fullHost(selector) + interfaceInfo(peer, selector);
        String expanded;
        try {
            expanded = checks.expand(maxPerHost, client);
        } catch (ExpansionException e) {
            if (!e.isForcedFailure()) {
                log.accept(panic("expansion of smtp_accept_max_per_host failed for " + whofrom + ": "
                        + e.getMessage()));
            }
            return 0;
        }
        int max = 0;
        int i = 0;
        for (; i < expanded.length() && Character.isDigit(expanded.charAt(i)); i++) {
            max = max * 10 + expanded.charAt(i) - '0';
        }
        if (i < expanded.length()) {
            log.accept(panic("expansion of smtp_accept_max_per_host for " + whofrom + " contains non-digit: "
                    + expanded));
        }
        return max;
    }

    static LogEvent panic(String text) {
        return new LogEvent.Line(null, EnumSet.of(LogFile.MAIN, LogFile.PANIC), text, null);
    }

    static Peer peerOf(ClientConnection client) {
        Peer peer = Peer.of(ClientAddresses.text(client.remote()), client.remote().getPort());
        return client.local() == null ? peer
                : peer.withInterface(ClientAddresses.text(client.local()), client.local().getPort());
    }

    private static String interfaceInfo(Peer peer, LogSelector selector) {
        return selector.on(org.osprey.mta.core.log.Selector.INCOMING_INTERFACE) && peer.interfaceAddress() != null
                ? " I=[" + peer.interfaceAddress() + "]:" + peer.interfacePort()
                : "";
    }

    private static int intOption(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
