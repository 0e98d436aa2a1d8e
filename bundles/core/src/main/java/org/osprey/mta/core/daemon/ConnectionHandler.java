package org.osprey.mta.core.daemon;

import java.io.IOException;
import java.net.Socket;
import org.osprey.mta.core.smtp.ClientConnection;

/**
 * What runs an accepted connection once the daemon has let it in: the SMTP session
 * ({@code (socket, c) -> SmtpSession.overSocket(service, socket, c).run()}). Called on the
 * connection's own thread; the daemon closes the socket when it returns.
 */
@FunctionalInterface
public interface ConnectionHandler {
    void handle(Socket socket, ClientConnection connection) throws IOException;
}
