package org.osprey.mta.core.daemon;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.lists.ListReader;

/**
 * What the listener does, from the main options and the command line.
 *
 * @param addresses where to listen ({@link ListenAddresses})
 * @param tlsOnConnectPorts tls_on_connect_ports, resolved
 * @param tlsOnConnectAll {@code -tls-on-connect}: every connection starts with TLS
 * @param limits the connection limits
 * @param hostLookup host_lookup: the clients whose name is looked up, or null
 * @param rfc1413Hosts rfc1413_hosts, or null
 * @param identTimeout rfc1413_query_timeout; zero turns the queries off
 * @param connectionNolog hosts_connection_nolog, or null
 * @param activeHostname smtp_active_hostname (expanded per connection), or null for primary_hostname
 * @param keepAlive smtp_accept_keepalive
 * @param noDelay tcp_nodelay
 * @param startupRetries daemon_startup_retries: further bind attempts after a failure
 * @param startupSleep daemon_startup_sleep: the wait between them
 */
public record ListenerSettings(List<ListenAddress> addresses, Set<Integer> tlsOnConnectPorts, boolean tlsOnConnectAll,
        AcceptLimits limits, String hostLookup, String rfc1413Hosts, Duration identTimeout, String connectionNolog,
        String activeHostname, boolean keepAlive, boolean noDelay, int startupRetries, Duration startupSleep) {

    public ListenerSettings {
        addresses = List.copyOf(addresses);
        tlsOnConnectPorts = Set.copyOf(tlsOnConnectPorts);
    }

    /**
     * @param override the {@code -oX} argument, or null
     * @param tlsOnConnect {@code -tls-on-connect} was given
     * @throws DaemonException for a malformed interface or an unknown port, with Exim's text
     */
    public static ListenerSettings of(Configuration config, String override, boolean tlsOnConnect,
            ServicePorts services) throws DaemonException {
        List<ListenAddress> addresses = ListenAddresses.resolve(text(config.get(MainOptions.LOCAL_INTERFACES)),
                text(config.get(MainOptions.DAEMON_SMTP_PORTS)), override, services);
        Duration timeout = config.get(MainOptions.RFC1413_QUERY_TIMEOUT);
        Integer retries = config.get(MainOptions.DAEMON_STARTUP_RETRIES);
        Duration sleep = config.get(MainOptions.DAEMON_STARTUP_SLEEP);
        return new ListenerSettings(addresses, tlsPorts(config.get(MainOptions.TLS_ON_CONNECT_PORTS), services),
                tlsOnConnect, AcceptLimits.of(config), blankToNull(config.get(MainOptions.HOST_LOOKUP)),
                blankToNull(config.get(MainOptions.RFC1413_HOSTS)), timeout == null ? Duration.ZERO : timeout,
                blankToNull(config.get(MainOptions.HOSTS_CONNECTION_NOLOG)),
                blankToNull(config.get(MainOptions.SMTP_ACTIVE_HOSTNAME)),
                !Boolean.FALSE.equals(config.get(MainOptions.SMTP_ACCEPT_KEEPALIVE)),
                !Boolean.FALSE.equals(config.get(MainOptions.TCP_NODELAY)), retries == null ? 9 : retries,
                sleep == null ? Duration.ofSeconds(30) : sleep);
    }

    /** tls_on_connect_ports: numbers or service names. */
    public static Set<Integer> tlsPorts(String list, ServicePorts services) throws DaemonException {
        Set<Integer> ports = new HashSet<>();
        for (String item : ListReader.items(list)) {
            ports.add(services.resolve(item));
        }
        return ports;
    }

    /** Whether connections to this local port start with TLS. */
    public boolean tlsOnConnect(int localPort) {
        return tlsOnConnectAll || tlsOnConnectPorts.contains(localPort);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
