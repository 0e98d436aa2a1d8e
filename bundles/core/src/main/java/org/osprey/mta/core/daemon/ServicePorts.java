package org.osprey.mta.core.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * TCP port names, as getservbyname(name, "tcp") finds them: the names and aliases of the
 * {@code /tcp} lines of /etc/services. Read once.
 */
public final class ServicePorts {
    private final Map<String, Integer> ports;

    private ServicePorts(Map<String, Integer> ports) {
        this.ports = ports;
    }

    /** The system's /etc/services; none when it cannot be read. */
    public static ServicePorts system() {
        return of(Path.of("/etc/services"));
    }

    /** The services file at {@code file}; none when it cannot be read. */
    public static ServicePorts of(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            return new ServicePorts(Map.of());
        }
    }

    /** Services-file text: {@code name port/protocol aliases... # comment}. */
    public static ServicePorts parse(String text) {
        Map<String, Integer> ports = new HashMap<>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String[] fields = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (fields.length < 2 || !fields[1].endsWith("/tcp")) {
                continue;
            }
            int port;
            try {
                port = Integer.parseInt(fields[1].substring(0, fields[1].length() - 4));
            } catch (NumberFormatException e) {
                continue;
            }
            for (int i = 0; i < fields.length; i++) {
                if (i != 1) {
                    ports.putIfAbsent(fields[i], port);
                }
            }
        }
        return new ServicePorts(Map.copyOf(ports));
    }

    /** The port of a service name. */
    public Optional<Integer> port(String name) {
        return Optional.ofNullable(ports.get(name));
    }

    /**
     * A port item of daemon_smtp_ports or tls_on_connect_ports: a number (C's strtol with
     * base 0, so 0x19 and 031 are 25 too) or a service name.
     *
     * @throws DaemonException "invalid SMTP port: x" or "TCP port "x" not found", as Exim says
     */
    public int resolve(String item) throws DaemonException {
        if (!item.isEmpty() && Character.isDigit(item.charAt(0))) {
            try {
                if (item.length() > 2 && (item.startsWith("0x") || item.startsWith("0X"))) {
                    return Integer.parseInt(item.substring(2), 16);
                }
                return item.length() > 1 && item.startsWith("0") ? Integer.parseInt(item.substring(1), 8)
                        : Integer.parseInt(item);
            } catch (NumberFormatException e) {
                throw new DaemonException("invalid SMTP port: " + item);
            }
        }
        return port(item).orElseThrow(() -> new DaemonException("TCP port \"" + item + "\" not found"));
    }
}
