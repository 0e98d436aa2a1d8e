/**
 * The shared model drivers work on: addresses, hosts, IP addresses and networks as Exim
 * reads and writes them, and the message as a transport writes it. Value types are
 * immutable; the engine owns the spool and the state of every address, and a driver
 * changes nothing it is handed. Since 1.1: {@link TransportFilterException}.
 */
@Export
@Version("1.1.0")
package org.osprey.mta.kernel.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
