package org.osprey.mta.core.daemon;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.osprey.mta.kernel.model.IpAddress;

/** IP addresses as Exim writes them: IPv4 dotted, IPv6 compressed without a scope. */
final class ClientAddresses {
    private ClientAddresses() {
    }

    static String text(InetSocketAddress socket) {
        return text(socket.getAddress());
    }

    static String text(InetAddress a) {
        if (a instanceof Inet6Address) {
            return IpAddress.of(a.getAddress()).compressed();
        }
        return a.getHostAddress();
    }
}
