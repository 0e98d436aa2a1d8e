package org.osprey.mta.kernel.model;

import java.util.Objects;

/**
 * A host a message may be sent to (Exim's host_item).
 *
 * @param name the host name, or the address in brackets for a literal
 * @param address the IP address as text, or {@code null} until the name is looked up
 * @param port the port, or {@link #DEFAULT_PORT} for the transport's own
 * @param mx the MX preference, or {@link #NO_MX} when the host did not come from an MX record
 * @param status what the retry hints say of it
 */
public record Host(String name, String address, int port, int mx, HostStatus status) {
    public static final int DEFAULT_PORT = -1;
    public static final int NO_MX = -1;

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
    }

    /** A host known by name only, not yet looked up. */
    public static Host named(String name) {
        return new Host(name, null, DEFAULT_PORT, NO_MX, HostStatus.UNKNOWN);
    }

    public Host withAddress(String address) {
        return new Host(name, address, port, mx, status);
    }

    public Host withPort(int port) {
        return new Host(name, address, port, mx, status);
    }

    public Host withMx(int mx) {
        return new Host(name, address, port, mx, status);
    }

    public Host withStatus(HostStatus status) {
        return new Host(name, address, port, mx, status);
    }

    /** {@code name [address]:port} as Exim logs it, the port only when one is set. */
    @Override
    public String toString() {
        return name + (address == null ? "" : " [" + address + "]") + (port == DEFAULT_PORT ? "" : ":" + port);
    }
}
