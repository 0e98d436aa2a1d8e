/**
 * Delivery: Exim's deliver_message and queue_run for messages on the spool.
 *
 * <p>{@link org.osprey.mta.core.deliver.DeliveryEngine} makes one attempt at a message under
 * its lock: the undelivered recipients through the routers
 * ({@link org.osprey.mta.core.route.Routing}), the routed addresses batched per transport,
 * local batches run one by one and remote ones in parallel up to
 * {@code remote_max_parallel}, each success forced into the -J journal as soon as it is
 * known, retry hints read and written, failures bounced or the message frozen, delay
 * warnings sent, and the -H file rewritten or the message removed. A crash at any moment
 * repeats at most the deliveries in flight. {@link org.osprey.mta.core.deliver.QueueRunner}
 * and {@link org.osprey.mta.core.deliver.QueueDaemon} are {@code -q} and {@code -q<time>}.
 */
@Export
@Version("0.1.0")
package org.osprey.mta.core.deliver;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
