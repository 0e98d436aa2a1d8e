package org.osprey.mta.kernel.auth;

import java.util.Optional;
import org.osprey.mta.kernel.expand.Expander;

/** A configured authenticator instance. Shared between threads: a conversation's state lives in its {@link ServerExchange}. */
public interface Authenticator {

    /**
     * Starts the server side of one AUTH command, if this instance is a server (Exim: the
     * driver's server options are set).
     *
     * @param expander expansion in the SMTP session's context
     * @return the exchange, or empty when this instance has no server side
     */
    Optional<ServerExchange> startServer(Expander expander);

    /** True when this instance can authenticate as a client. */
    boolean isClient();

    /**
     * Authenticates to a server as a client, sending the AUTH command and what follows.
     *
     * @param mechanism the mechanism name to send
     * @param channel the connection to the server, in the state after EHLO
     * @param expander expansion in the context of the connection ({@code $host} ...)
     */
    ClientResult authenticate(String mechanism, ClientChannel channel, Expander expander);
}
