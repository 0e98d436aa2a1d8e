/**
 * The hints databases' store: retry records, the wait-&lt;transport&gt; lists of messages
 * waiting for a host, the misc records that serialise connections and ETRN runs (and,
 * later, ratelimit data), all kept as text values under Exim's keys. Only the interface is
 * here; the JDBC implementation is the bundle {@code osprey-hints-jdbc}.
 *
 * <p>Hints are advisory, as in Exim: every record may be lost at any time (a deleted
 * database, a failed write) and no mail is lost with it; at worst a host is tried sooner
 * than its retry rules ask. The spool files are the truth.
 */
@Export
@Version("0.1.0")
package org.osprey.mta.core.hints;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
