/**
 * The driver registry: which drivers are present, and which configured instance is bound
 * to which driver at this moment.
 *
 * <p>Drivers come and go while the MTA runs (a bundle stopped, started, updated). The
 * registry keeps every configured instance ({@code remote_smtp: driver = smtp}) bound to
 * the best present driver of its kind and name, and turns the absence of one into a
 * deferral, never a failure: see {@link org.osprey.mta.core.registry.ConfiguredRouter} and
 * {@link org.osprey.mta.core.registry.ConfiguredTransport}. Every change is logged and
 * reported to listeners as a {@link org.osprey.mta.core.registry.DriverEvent}.
 *
 * <p>The registry knows nothing of OSGi: in Karaf a DS component feeds it from the service
 * registry; in the command-line launcher, {@link java.util.ServiceLoader} does.
 */
@Export
@Version("0.1.0")
package org.osprey.mta.core.registry;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
