/**
 * Routing: the chain of routers an address goes through, as Exim 4.96's route_address runs it.
 *
 * <p>{@link org.osprey.mta.core.route.Routing} is built from a configuration, the driver
 * registry and the expansion engine, and routes one address for a
 * {@link org.osprey.mta.core.route.RoutingRequest} (delivery, verification of a recipient or
 * a sender, {@code -bt}, EXPN) to a {@link org.osprey.mta.core.route.RoutingOutcome}: routed
 * to a transport, failed, deferred, discarded, or redirected to children, each child routed
 * in turn. The engine evaluates every generic router option; drivers see only addresses
 * whose preconditions were met. Nothing here delivers, writes the spool or logs: callers
 * (delivery, {@code -bt}, {@code -bv}, the ACL's {@code verify}) act on the outcome.
 */
@Export
@Version("0.1.0")
package org.osprey.mta.core.route;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
