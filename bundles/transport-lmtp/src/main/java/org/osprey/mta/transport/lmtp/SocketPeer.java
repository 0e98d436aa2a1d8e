package org.osprey.mta.transport.lmtp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.time.Duration;

/** A connection to an LMTP server's Unix domain socket. */
final class SocketPeer extends Peer {
    private final SocketChannel channel;
    private final InputStream input;
    private final OutputStream output;

    private SocketPeer(SocketChannel channel) {
        this.channel = channel;
        this.input = Channels.newInputStream(channel);
        this.output = Channels.newOutputStream(channel);
    }

    static SocketPeer connect(String path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new SocketPeer(channel);
    }

    @Override
    InputStream input() {
        return input;
    }

    @Override
    OutputStream output() {
        return output;
    }

    @Override
    void abort() {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is all that is wanted; a failure to close leaves nothing to do.
        }
    }

    @Override
    void finish(Duration timeout) {
        abort();
    }
}
