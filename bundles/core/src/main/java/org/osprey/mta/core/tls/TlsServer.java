package org.osprey.mta.core.tls;

import java.io.IOException;
import java.net.Socket;

/** The server side of TLS for incoming SMTP: STARTTLS and tls_on_connect_ports. */
public interface TlsServer {

    /**
     * Runs the server handshake on a connected socket.
     *
     * @param socket the connection, with nothing unread buffered on the client's side of the protocol
     * @param requireClientCertificate the client matched {@code tls_verify_hosts}: a client
     *        without a verified certificate fails the handshake
     * @param requestClientCertificate the client matched {@code tls_try_verify_hosts}: ask for a
     *        certificate, record whether it verified, go on either way
     * @throws IOException when the handshake fails (the reason is the exception's message, for
     *         the log line "TLS error on connection from ...")
     */
    TlsConnection accept(Socket socket, boolean requireClientCertificate, boolean requestClientCertificate)
            throws IOException;
}
