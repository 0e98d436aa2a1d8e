package org.osprey.mta.auth.plaintext;

import java.util.Optional;
import org.osprey.mta.kernel.auth.Authenticator;
import org.osprey.mta.kernel.auth.ClientChannel;
import org.osprey.mta.kernel.auth.ClientResult;
import org.osprey.mta.kernel.auth.ServerExchange;
import org.osprey.mta.kernel.expand.Expander;

/**
 * One configured plaintext authenticator. Its server side always exists: Exim makes a
 * plaintext instance a server by its generic {@code server_condition}, which the engine
 * checks. It is a client when {@code client_send} is set. Immutable.
 */
final class PlaintextAuthenticator implements Authenticator {
    private final String name;
    private final String serverPrompts;
    private final String clientSend;
    private final boolean ignoreInvalidBase64;

    PlaintextAuthenticator(String name, String serverPrompts, String clientSend, boolean ignoreInvalidBase64) {
        this.name = name;
        this.serverPrompts = serverPrompts;
        this.clientSend = clientSend;
        this.ignoreInvalidBase64 = ignoreInvalidBase64;
    }

    @Override
    public Optional<ServerExchange> startServer(Expander expander) {
        return Optional.of(new PlaintextServerExchange(serverPrompts, expander));
    }

    @Override
    public boolean isClient() {
        return clientSend != null;
    }

    @Override
    public ClientResult authenticate(String mechanism, ClientChannel channel, Expander expander) {
        if (clientSend == null) {
            return new ClientResult(ClientResult.Status.ERROR, "the " + name + " authenticator has no client_send");
        }
        return new PlaintextClient(name, mechanism, clientSend, ignoreInvalidBase64, channel, expander).run();
    }
}
