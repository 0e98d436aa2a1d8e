package org.osprey.mta.transport.smtp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The {@code port} option's value as a number: digits are the number, anything else is a
 * TCP service name looked up in /etc/services, as Exim does with getservbyname().
 */
final class ServicePorts {
    private final Path services;

    ServicePorts(Path services) {
        this.services = services;
    }

    static ServicePorts system() {
        return new ServicePorts(Path.of("/etc/services"));
    }

    /** The port, or empty when the text is neither a port number nor a known TCP service. */
    OptionalInt port(String text) {
        String value = text.strip();
        if (!value.isEmpty() && Character.isDigit(value.charAt(0))) {
            try {
                int port = Integer.parseInt(value);
                return port > 0 && port < 65536 ? OptionalInt.of(port) : OptionalInt.empty();
            } catch (NumberFormatException e) {
                return OptionalInt.empty();
            }
        }
        return lookup(value.toLowerCase(Locale.ROOT));
    }

    /** The first "name port/tcp" line whose name or one of its aliases is {@code name}. */
    private OptionalInt lookup(String name) {
        try {
            for (String line : Files.readAllLines(services, StandardCharsets.ISO_8859_1)) {
                int hash = line.indexOf('#');
                String[] fields = (hash < 0 ? line : line.substring(0, hash)).trim().split("\\s+");
                if (fields.length < 2 || !fields[1].endsWith("/tcp")) {
                    continue;
                }
                for (int i = 0; i < fields.length; i++) {
                    if (i != 1 && fields[i].toLowerCase(Locale.ROOT).equals(name)) {
                        return OptionalInt.of(Integer.parseInt(fields[1].substring(0, fields[1].indexOf('/'))));
                    }
                }
            }
        } catch (IOException | NumberFormatException e) {
            // No services file, or a broken line: the name is unknown.
        }
        return OptionalInt.empty();
    }
}
