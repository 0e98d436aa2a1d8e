package org.osprey.mta.core.daemon;

import org.osprey.mta.core.smtp.ClientConnection;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * What the connection policies need of the configuration: host lists matched against the
 * client (smtp_reserve_hosts, host_lookup, rfc1413_hosts, hosts_connection_nolog) and
 * strings expanded for it (smtp_accept_max_per_host, smtp_active_hostname), with
 * $sender_host_address, $sender_host_port, $received_ip_address, $received_port and, once
 * known, $sender_host_name and $sender_ident set. Tests give a fake.
 */
public interface ConnectionChecks {

    /** Matches a host list against the client; an empty or unset list matches nothing. */
    MatchResult matchHost(String list, ClientConnection client);

    /** Expands a string option for the client. */
    String expand(String template, ClientConnection client) throws ExpansionException;
}
