package org.osprey.mta.core.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InetdConnectionTest {
    @Test
    void notASocketIsALocalDashBs() throws Exception {
        assertTrue(InetdConnection.detect(null, false, p -> false).isEmpty());
        Pipe pipe = Pipe.open();
        assertTrue(InetdConnection.detect(pipe.source(), false, p -> false).isEmpty());
        pipe.source().close();
        pipe.sink().close();
    }

    @Test
    void unprivilegedPortsNeedAPrivilegedCaller() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
                    SocketChannel accepted = server.accept()) {
                DaemonException e = assertThrows(DaemonException.class,
                        () -> InetdConnection.detect(accepted, false, p -> false));
                assertEquals("Permission denied (unprivileged user, unprivileged port)", e.getMessage());
                int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
                InetdConnection c = InetdConnection.detect(accepted, true,
                        InetdConnection.tlsPorts(Set.of(port), false)).orElseThrow();
                assertEquals(((InetSocketAddress) client.getLocalAddress()).getPort(), c.connection().remote().getPort());
                assertEquals(port, c.connection().local().getPort());
                assertTrue(c.connection().tlsOnConnect());
                assertFalse(InetdConnection.detect(accepted, true, InetdConnection.tlsPorts(Set.of(), false))
                        .orElseThrow().connection().tlsOnConnect());
            }
        }
    }
}
