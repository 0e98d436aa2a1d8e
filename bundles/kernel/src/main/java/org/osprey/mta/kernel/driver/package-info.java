/**
 * What every driver shares: how it announces itself, and how a configured instance is
 * made from it.
 *
 * <p>A driver is a Declarative Services component that provides one of the kernel's
 * driver interfaces ({@link org.osprey.mta.kernel.router.RouterDriver},
 * {@link org.osprey.mta.kernel.transport.TransportDriver},
 * {@link org.osprey.mta.kernel.auth.AuthenticatorDriver},
 * {@link org.osprey.mta.kernel.lookup.LookupDriver},
 * {@link org.osprey.mta.kernel.acl.ConditionDriver}) and carries the service properties
 * {@code mta.driver.kind} and {@code mta.driver.name}, written with {@link MtaDriver}:
 * <pre>{@code
 * @Component(service = RouterDriver.class)
 * @MtaDriver(kind = MtaDriver.ROUTER, name = "accept")
 * public final class AcceptRouterDriver implements RouterDriver { ... }
 * }</pre>
 * The same class is listed in the bundle's {@code META-INF/services} file for the driver
 * interface, so the command-line launcher, which runs without an OSGi framework, finds it
 * through {@link java.util.ServiceLoader}. A driver therefore needs a public no-argument
 * constructor and no DS references: what it needs at run time comes in the context of
 * each call.
 */
@Export
@Version("1.0.0")
package org.osprey.mta.kernel.driver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
