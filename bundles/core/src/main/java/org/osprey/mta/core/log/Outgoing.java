package org.osprey.mta.core.log;

import java.util.Objects;
import org.osprey.mta.kernel.model.Host;

/**
 * The remote host a delivery used, as Exim's d_hostlog shows it:
 * {@code H=name [ip]}, {@code :port} under +outgoing_port, {@code DS} under +dnssec when
 * the address came from DNSSEC-signed records, {@code *} when the connection was reused,
 * and {@code I=[ip]} (the local end) under +incoming_interface and +outgoing_interface.
 *
 * @param host the host, with its address and port
 * @param dnssec whether its address lookup was DNSSEC-authenticated
 * @param continued whether an open connection was reused (Exim's continue_sequence > 1)
 * @param localAddress the local IP address of the connection, or null
 * @param localPort the local port, or 0
 */
public record Outgoing(Host host, boolean dnssec, boolean continued, String localAddress, int localPort) {
    public Outgoing {
        Objects.requireNonNull(host, "host");
    }

    public static Outgoing of(Host host) {
        return new Outgoing(host, false, false, null, 0);
    }

    String render(LogSelector s) {
        StringBuilder out = new StringBuilder(" H=").append(host.name());
        if (s.on(Selector.DNSSEC) && dnssec) {
            out.append(" DS");
        }
        out.append(" [").append(host.address()).append(']');
        if (s.on(Selector.OUTGOING_PORT)) {
            out.append(':').append(host.port() == Host.DEFAULT_PORT ? 25 : host.port());
        }
        if (continued) {
            out.append('*');
        }
        out.append(localInterface(s, localAddress, localPort));
        return out.toString();
    }

    static String localInterface(LogSelector s, String address, int port) {
        if (address == null || !s.on(Selector.INCOMING_INTERFACE) || !s.on(Selector.OUTGOING_INTERFACE)) {
            return "";
        }
        return " I=[" + address + "]" + (s.on(Selector.OUTGOING_PORT) ? ":" + port : "");
    }
}
