package org.osprey.mta.core.tls;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.function.Supplier;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.kernel.expand.Expander;

/**
 * The TLS server of a configuration for the SMTP session: the tls_* options are expanded and
 * the credentials (re)loaded at each handshake, as Exim does per connection, so a renewed
 * certificate file is taken without a restart; {@link BouncyCastleTls} keeps them while the
 * files are unchanged. A certificate that cannot be loaded fails that handshake, with Exim's
 * message, and leaves the daemon running.
 */
public final class ConfiguredTlsServer implements TlsServer {
    private final BouncyCastleTls tls = new BouncyCastleTls();
    private final Configuration config;
    private final Supplier<Expander> expander;
    private final Duration handshakeTimeout;

    /**
     * @param expander expansion of the options in the daemon's context
     * @param handshakeTimeout how long a client may take over the handshake (smtp_receive_timeout)
     */
    public ConfiguredTlsServer(Configuration config, Supplier<Expander> expander, Duration handshakeTimeout) {
        this.config = config;
        this.expander = expander;
        this.handshakeTimeout = handshakeTimeout;
    }

    @Override
    public TlsConnection accept(Socket socket, boolean requireClientCertificate, boolean requestClientCertificate)
            throws IOException {
        TlsServer server;
        try {
            server = tls.server(config, expander.get(), handshakeTimeout);
        } catch (TlsException e) {
            socket.close();
            throw e;
        }
        return server.accept(socket, requireClientCertificate, requestClientCertificate);
    }
}
