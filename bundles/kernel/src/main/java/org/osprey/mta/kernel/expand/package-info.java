/**
 * String expansion and list matching as a driver sees them.
 *
 * <p>The engine owns Exim's expansion language and list syntax; a driver reaches them
 * through an {@link org.osprey.mta.kernel.expand.Expander} and a
 * {@link org.osprey.mta.kernel.expand.ListMatcher} that the engine binds to the current
 * context (the message, the address being routed, the host being tried), so that
 * {@code $local_part} or {@code $host} mean what they mean in Exim at that point.
 */
@Export
@Version("1.0.0")
package org.osprey.mta.kernel.expand;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
