/**
 * TLS settings as Exim's GnuTLS build spells them, translated for JSSE: a
 * {@code tls_require_ciphers} priority string ({@link org.osprey.mta.kernel.tls.GnutlsPriority})
 * becomes protocols, cipher suites and named groups, and a JSSE suite name is taken apart
 * into GnuTLS's names ({@link org.osprey.mta.kernel.tls.JsseSuite}). Shared by the engine's
 * server side and the smtp transport's client side; no TLS library is needed.
 */
@Export
@Version("1.0.0")
package org.osprey.mta.kernel.tls;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
