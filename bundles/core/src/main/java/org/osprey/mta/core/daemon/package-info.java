/**
 * The SMTP daemon ({@code -bd}, {@code -bdf}) and the connection-level policies Exim applies
 * before an SMTP session starts (daemon.c, the start of smtp_in.c, host.c's name lookup,
 * verify.c's RFC 1413 query), and the inetd case of {@code -bs}.
 *
 * <p>{@link org.osprey.mta.core.daemon.ListenAddresses} says where to listen
 * (local_interfaces, daemon_smtp_ports, -oX); {@link org.osprey.mta.core.daemon.SmtpListener}
 * binds and accepts, one platform thread per connection, and turns connections away with
 * Exim's 421 replies and log lines ({@link org.osprey.mta.core.daemon.AcceptLimits},
 * {@link org.osprey.mta.core.daemon.ReserveCheck}); {@link org.osprey.mta.core.daemon.HostNameLookup}
 * and {@link org.osprey.mta.core.daemon.IdentClient} find what a
 * {@link org.osprey.mta.core.smtp.ClientConnection} carries; a
 * {@link org.osprey.mta.core.daemon.ConnectionHandler} (the SMTP session) takes it from there.
 * {@link org.osprey.mta.core.daemon.BackgroundDeliveries} delivers what the sessions accept.
 */
@Export
@Version("0.1.0")
package org.osprey.mta.core.daemon;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
