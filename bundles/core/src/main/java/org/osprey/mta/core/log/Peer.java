package org.osprey.mta.core.log;

import java.util.Locale;
import java.util.Optional;
import org.osprey.mta.kernel.model.IpAddress;

/**
 * The SMTP client a line is about, as Exim's sender_fullhost shows it:
 * {@code name [ip]}, {@code name (helo) [ip]}, {@code (helo) [ip]} or {@code [ip]}, with
 * {@code :port} after the address under +incoming_port, and {@code I=[ip]:port} for the
 * local end under +incoming_interface.
 *
 * @param hostName the verified host name, or null when there is none (or the lookup failed)
 * @param helo the EHLO/HELO argument, or null before one was given
 * @param address the client's IP address
 * @param port the client's port, or 0 when unknown
 * @param interfaceAddress the local IP address the connection came in on, or null
 * @param interfacePort the local port, or 0
 */
public record Peer(String hostName, String helo, String address, int port, String interfaceAddress,
        int interfacePort) {

    /** A peer known by address and port only, as when the connection has just arrived. */
    public static Peer of(String address, int port) {
        return new Peer(null, null, address, port, null, 0);
    }

    public Peer withHostName(String name) {
        return new Peer(name, helo, address, port, interfaceAddress, interfacePort);
    }

    public Peer withHelo(String heloName) {
        return new Peer(hostName, heloName, address, port, interfaceAddress, interfacePort);
    }

    public Peer withInterface(String localAddress, int localPort) {
        return new Peer(hostName, helo, address, port, localAddress, localPort);
    }

    /** sender_fullhost for this selection. */
    public String fullHost(LogSelector selector) {
        String bracketed = "[" + address + "]"
                + (selector.on(Selector.INCOMING_PORT) && port > 0 ? ":" + port : "");
        if (hostName == null) {
            return helo == null ? bracketed : "(" + helo + ") " + bracketed;
        }
        boolean showHelo = helo != null && !heloIsOwnAddress() && !hostName.equalsIgnoreCase(helo);
        return showHelo ? hostName + " (" + helo + ") " + bracketed : hostName + " " + bracketed;
    }

    /** {@code " I=[ip]:port"} under +incoming_interface, else "". */
    String interfaceInfo(LogSelector selector) {
        return selector.on(Selector.INCOMING_INTERFACE) && interfaceAddress != null
                ? " I=[" + interfaceAddress + "]:" + interfacePort
                : "";
    }

    private boolean heloIsOwnAddress() {
        if (helo.length() < 2 || helo.charAt(0) != '[' || helo.charAt(helo.length() - 1) != ']') {
            return false;
        }
        String inner = helo.substring(1, helo.length() - 1);
        String lower = inner.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ipv6:") || lower.startsWith("ipv4:")) {
            inner = inner.substring(5);
        }
        Optional<IpAddress> heloIp = IpAddress.parse(inner);
        return heloIp.isPresent() && heloIp.equals(IpAddress.parse(address));
    }
}
