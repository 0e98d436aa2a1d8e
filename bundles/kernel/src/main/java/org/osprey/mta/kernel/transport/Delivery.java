package org.osprey.mta.kernel.transport;

import java.util.List;
import java.util.Optional;
import org.osprey.mta.kernel.auth.ClientAuthenticator;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.Message;
import org.osprey.mta.kernel.router.HostFinder;

/** One call of a transport: a message, a batch of its addresses, and the hosts the router found. */
public interface Delivery {

    Message message();

    /** The batch: at least one address, all for this transport. */
    List<Address> addresses();

    /** The hosts from the router, in order, with what the retry hints say of each; empty for a local delivery. */
    List<Host> hosts();

    /** The transport instance's name, for messages and retry keys. */
    String transportName();

    /** Expansion in the context of this delivery ({@code $local_part} and {@code $domain} when the batch has one address). */
    Expander expander();

    ListMatcher lists();

    /**
     * Submits a new message, such as the autoreply transport's reply (since 1.1). An engine
     * that cannot submit messages in this context keeps this default, which refuses.
     */
    default MessageSubmitter submitter() {
        return message -> {
            throw new MessageSubmitter.Refused(1, "no message submission in this context");
        };
    }

    /*
     * Since 1.3: what a transport needs beyond the message and its addresses. Every method
     * has a default, so that a test's fake delivery and an older engine keep working; the
     * default is the answer of an engine that has no such thing to give.
     */

    /**
     * The user and groups the delivery runs as: the transport's {@code user}, {@code group}
     * and {@code initgroups}, else the router's, else the local user that
     * {@code check_local_user} found. Empty when none is set: the delivery runs as the MTA's
     * own user. A local transport that writes files or runs commands must act as this user
     * when the MTA runs as root.
     */
    default Optional<Credentials> credentials() {
        return Optional.empty();
    }

    /** {@code $home} for the delivery (the transport's {@code home_directory}, else the router's or the local user's). */
    default Optional<String> homeDirectory() {
        return Optional.empty();
    }

    /** The working directory for the delivery (the transport's {@code current_directory}, else the router's). */
    default Optional<String> currentDirectory() {
        return Optional.empty();
    }

    /** The hints store, for a driver's own records (autoreply's {@code once_repeat}, smtp's {@code serialize_hosts}). */
    default TransportHints hints() {
        return TransportHints.NONE;
    }

    /**
     * Writes a line about this message to the main log (and its message log), as Exim's
     * transports do with {@code log_write(0, LOG_MAIN, ...)}: the engine adds the time stamp
     * and the message id.
     */
    default void log(String text) {
    }

    /** The authenticators that have a client side, in the order of the configuration, for {@code hosts_try_auth}. */
    default List<ClientAuthenticator> authenticators() {
        return List.of();
    }

    /**
     * Looks up the hosts a transport names itself (the smtp transport's {@code hosts} and
     * {@code fallback_hosts}), with the main options' DNS settings. Empty when the engine has
     * no resolver to lend.
     */
    default Optional<HostFinder> hostFinder() {
        return Optional.empty();
    }

    /**
     * The router's {@code fallback_hosts} for this batch, looked up, to be tried when every
     * host of {@link #hosts()} has deferred (Exim's {@code addr->fallback_hosts}). Empty
     * when the router sets none.
     */
    default List<Host> fallbackHosts() {
        return List.of();
    }

    /**
     * Connection reuse: another message waiting for {@code host} (through the
     * {@code wait-<transport>} hints), routed to this transport and to this host, ready to go
     * over the connection the transport still holds; empty when there is none. The
     * transport sends it on the same connection and reports with
     * {@link ContinuedDelivery#complete}; the engine logs its deliveries with {@code *} after
     * the IP address, as Exim does for a continued connection.
     */
    default Optional<ContinuedDelivery> nextFor(Host host) {
        return Optional.empty();
    }

    /**
     * A main option as the configuration sets it (not expanded), or its default; empty when
     * it has no value or is not a main option. For the few main options Exim's transports
     * read themselves: {@code timezone} (the pipe transport's TZ), {@code dsn_from} and
     * {@code errors_reply_to} (appendfile's quota warning).
     */
    default Optional<String> mainOption(String name) {
        return Optional.empty();
    }
}
