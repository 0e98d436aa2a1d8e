/**
 * RFC 2822 addresses as Exim 4.96 reads them ({@code parse.c}): the operative address of a
 * mailbox, where an address in a list ends, local part quoting, and the byte-string
 * conventions of the spool. Shared by the engine (reception, rewriting, bounces) and by
 * drivers that read addresses (the redirect router's alias and forward files).
 */
@Export
@Version("1.0.0")
package org.osprey.mta.kernel.address;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
