/**
 * Transports: deliver one message to a batch of addresses.
 *
 * <p>A transport is {@linkplain org.osprey.mta.kernel.transport.TransportDriver#isLocal() local}
 * (appendfile, pipe, lmtp, autoreply: run one batch at a time, as the local user) or remote
 * (smtp: batches run in parallel up to {@code remote_max_parallel}). The engine batches
 * addresses that share a transport, host list, sender, errors address and header changes,
 * and calls {@link org.osprey.mta.kernel.transport.Transport#deliver} once per batch.
 *
 * <p>The answer is a {@link org.osprey.mta.kernel.transport.TransportResult}: an
 * {@link org.osprey.mta.kernel.transport.Outcome} for every address of the batch (delivered;
 * deferred, with the retry key and the error class that the retry rules match on; failed),
 * and a {@link org.osprey.mta.kernel.transport.HostAttempt} for every host tried, from which
 * the engine writes the host retry hints and the log lines. An address the result leaves out
 * is deferred, and so is every address when the transport throws: as in Exim, a delivery
 * that does not finish cleanly never counts as done and never as failed.
 *
 * <p>A transport that composes a new message (autoreply) hands it to the
 * {@link org.osprey.mta.kernel.transport.Delivery#submitter() submitter} of its delivery,
 * which puts it on the spool as Exim's child process would (since 1.1).
 *
 * <p>A local transport in a JVM running as root checks the delivery's
 * {@link org.osprey.mta.kernel.transport.Credentials} against the files it touches with
 * {@link org.osprey.mta.kernel.transport.UnixAccess}, as the kernel would had it changed uid.
 */
@Export
@Version("1.3.0")
package org.osprey.mta.kernel.transport;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
