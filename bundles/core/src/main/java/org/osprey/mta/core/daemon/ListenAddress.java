package org.osprey.mta.core.daemon;

import java.net.InetSocketAddress;

/**
 * One socket the daemon listens on: an interface address and a port.
 *
 * @param address the IP address as written in local_interfaces or -oX; {@code 0.0.0.0} is
 *        every IPv4 interface and {@code ::0} every IPv6 one
 * @param port the TCP port
 */
public record ListenAddress(String address, int port) {

    /** Whether this is a wildcard (all interfaces of one IP version). */
    public boolean wildcard() {
        return address.equals("0.0.0.0") || address.equals("::0");
    }

    public boolean ipv6() {
        return address.indexOf(':') >= 0;
    }

    /** How Exim's bind error names the address: {@code (any IPv4)}, {@code (any IPv6)} or the address. */
    public String logName() {
        return wildcard() ? ipv6() ? "(any IPv6)" : "(any IPv4)" : address;
    }

    /** The socket address to bind. */
    public InetSocketAddress socketAddress() {
        return new InetSocketAddress(address.equals("::0") ? "::" : address, port);
    }
}
