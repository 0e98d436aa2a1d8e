/**
 * Lookups: the {@code type;file} and {@code type{query}} data sources of Exim's chapter
 * "File and database lookups".
 *
 * <p>A {@link org.osprey.mta.kernel.lookup.LookupDriver} is single-key (a file and a key, like
 * lsearch) or query-style (like dnsdb or SQL). The engine does everything around the
 * search: the {@code partial-} forms, the {@code *} and {@code *@} defaults, the
 * {@code ret=key} option and the per-message cache. A driver answers one find at a time
 * and may keep open handles or parsed files of its own (re-reading a file when it changes).
 */
@Export
@Version("1.0.0")
package org.osprey.mta.kernel.lookup;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
