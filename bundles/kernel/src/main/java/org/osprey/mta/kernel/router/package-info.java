/**
 * Routers: given an address, decide where it goes.
 *
 * <p>The engine runs each address through the configured routers in order. It evaluates
 * every generic router option itself (the preconditions such as {@code domains},
 * {@code local_parts}, {@code condition} and {@code check_local_user}, and the rest:
 * {@code transport}, {@code errors_to}, {@code headers_add}, {@code unseen},
 * {@code more}...) and calls a router's {@link org.osprey.mta.kernel.router.Router#route}
 * only when the preconditions are met. The router answers with a
 * {@link org.osprey.mta.kernel.router.RouterResult}, the contract of Exim's routers/README:
 *
 * <ul>
 * <li>{@code Accept}: the address goes to a transport, with the hosts found, if any.</li>
 * <li>{@code Decline}: not for this router; the next one is tried (unless {@code no_more}).</li>
 * <li>{@code Pass}: not for this router, and the next is the one named by
 *     {@code pass_router}, or simply the next.</li>
 * <li>{@code Fail}: the address cannot be delivered: it bounces with the message (any
 *     children it carries are routed all the same).</li>
 * <li>{@code Defer}: no decision can be had now: the address is tried again later.</li>
 * <li>{@code Discard}: the address is dropped, successfully ({@code :blackhole:}).</li>
 * <li>{@code Rerouted}: the address is replaced by new child addresses.</li>
 * </ul>
 *
 * An exception thrown by a router is taken as {@code Defer}: the address is never failed
 * or lost because of a driver's bug.
 */
@Export
@Version("1.3.0")
package org.osprey.mta.kernel.router;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
