package org.osprey.mta.core.daemon;

import java.util.Optional;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.log.Peer;
import org.osprey.mta.core.log.Selector;
import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * The reserved slots and the load reserve, checked once the client's name is known (Exim
 * does it at the start of the session, smtp_start_session): when more than
 * smtp_accept_max - smtp_accept_reserve connections are open, or the load is above
 * smtp_load_reserve, only smtp_reserve_hosts are let in.
 */
final class ReserveCheck {
    private ReserveCheck() {
    }

    /** What the check decided: a refusal, or whether the client took a reserved slot. */
    record Outcome(Optional<Refusal> refusal, boolean reservedSlot) {
    }

    /**
     * @param count the connections in progress, this one included
     * @param load the load average (thousandths) measured when the connection was accepted, -1 if not
     * @param activeHostname smtp_active_hostname (or primary_hostname), for the reply
     */
    static Outcome check(AcceptLimits limits, ClientConnection client, int count, int load, String activeHostname,
            ConnectionChecks checks, LogSelector selector) {
        boolean reserved = false;
        if (limits.acceptMax() > 0 && count > limits.acceptMax() - limits.acceptReserve()) {
            MatchResult rc = checks.matchHost(limits.reserveHosts(), client);
            if (rc != MatchResult.MATCH) {
                return new Outcome(Optional.of(new Refusal(
                        "421 " + activeHostname + ": Too many concurrent SMTP connections; please try again later",
                        rejected(hostAndIdent(client, selector) + ": not in reserve list: connected=" + (count - 1)
                                + " max=" + limits.acceptMax() + " reserve=" + limits.acceptReserve()
                                + (rc == MatchResult.DEFER ? " (lookup deferred)" : "")))), false);
            }
            reserved = true;
        }
        if (limits.loadReserve() >= 0 && load > limits.loadReserve() && !reserved
                && checks.matchHost(limits.reserveHosts(), client) != MatchResult.MATCH) {
            return new Outcome(Optional.of(new Refusal(
                    "421 " + activeHostname + ": Too much load; please try again later",
                    rejected(hostAndIdent(client, selector) + ": not in reserve list and load average = "
                            + LoadAverage.format(load)))), false);
        }
        return new Outcome(Optional.empty(), reserved);
    }

    private static LogEvent rejected(String tail) {
        return new LogEvent.Line(null, java.util.EnumSet.of(LogFile.MAIN),
                "temporarily refused connection from " + tail, Selector.CONNECTION_REJECT);
    }

    /** Exim's host_and_ident(FALSE): {@code name [ip]:port I=[ip]:port U=ident}, as the selection shows them. */
    static String hostAndIdent(ClientConnection client, LogSelector selector) {
        Peer peer = AcceptLimits.peerOf(client).withHostName(client.hostName());
        StringBuilder out = new StringBuilder(peer.fullHost(selector));
        if (selector.on(Selector.INCOMING_INTERFACE) && peer.interfaceAddress() != null) {
            out.append(" I=[").append(peer.interfaceAddress()).append("]:").append(peer.interfacePort());
        }
        if (client.ident() != null) {
            out.append(" U=").append(client.ident());
        }
        return out.toString();
    }
}
