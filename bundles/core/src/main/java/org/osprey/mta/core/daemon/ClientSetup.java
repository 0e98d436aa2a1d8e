package org.osprey.mta.core.daemon;

import java.time.Duration;
import java.util.EnumSet;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * What is found out about a client before its session starts, for the daemon and for
 * inetd alike: its RFC 1413 user (verify_get_ident, when rfc1413_query_timeout is set and
 * the client is in rfc1413_hosts), then its name (host_name_lookup, when it is in
 * host_lookup; {@code no host name found for IP address ...} logged when it has none).
 */
final class ClientSetup {
    private final ListenerSettings settings;
    private final ConnectionChecks checks;
    private final HostNameLookup lookup;
    private final IdentClient ident;
    private final LogWriter log;

    ClientSetup(ListenerSettings settings, ConnectionChecks checks, HostNameLookup lookup, IdentClient ident,
            LogWriter log) {
        this.settings = settings;
        this.checks = checks;
        this.lookup = lookup;
        this.ident = ident;
        this.log = log;
    }

    /** The connection with its ident and verified host name filled in where they were found. */
    ClientConnection identify(ClientConnection bare) {
        String userId = identOf(bare);
        ClientConnection withIdent = new ClientConnection(bare.remote(), bare.local(), bare.tlsOnConnect(), null,
                userId, bare.queueOnly(), bare.reservedSlot());
        String name = null;
        if (checks.matchHost(settings.hostLookup(), withIdent) == MatchResult.MATCH) {
            String address = ClientAddresses.text(bare.remote());
            HostNameLookup.Result found = lookup.lookup(address);
            name = found.name();
            if (found.failed() && found.message().startsWith(" (failed to find")) {
                log.log(LogEvent.HostLookupFailed.noHostName(address));
            }
        }
        return new ClientConnection(bare.remote(), bare.local(), bare.tlsOnConnect(), name, userId, bare.queueOnly(),
                bare.reservedSlot());
    }

    private String identOf(ClientConnection client) {
        Duration timeout = settings.identTimeout();
        if (timeout.isZero() || timeout.isNegative()
                || checks.matchHost(settings.rfc1413Hosts(), client) != MatchResult.MATCH) {
            return null;
        }
        try {
            return ident.query(client.remote(), client.local(), timeout).orElse(null);
        } catch (IdentClient.TimedOut e) {
            if (log.selector().on("ident_timeout")) {
                log.write(EnumSet.of(LogFile.MAIN), null,
                        "ident connection to " + ClientAddresses.text(client.remote()) + " timed out");
            }
            return null;
        }
    }

    /** smtp_active_hostname for the 421 replies: primary_hostname unless it expands to something. */
    String activeHostname(ClientConnection client) {
        try {
            String primary = checks.expand("$primary_hostname", client);
            if (settings.activeHostname() != null) {
                String v = checks.expand(settings.activeHostname(), client);
                return v.isEmpty() ? primary : v;
            }
            return primary;
        } catch (ExpansionException e) {
            return "localhost";
        }
    }
}
