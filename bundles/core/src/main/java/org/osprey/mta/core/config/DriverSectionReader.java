package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * Reads a routers, transports or authenticators section, as Exim's readconf_driver_init:
 * {@code name:} starts an instance; each following line sets a generic option of the
 * kind, or, once {@code driver} has named a driver that is present, one of its private
 * options; macro definitions may come between instances. Checks each line as it comes;
 * the checks that need the whole section are {@link DriverChecks}'.
 */
final class DriverSectionReader {
    private final ConfigFileReader reader;
    private final Macros macros;
    private final DriverKind kind;
    private final ConfigOptionTable genericTable;
    private final DriverTables drivers;
    private final ValueContext context;
    private final List<DriverInstance> instances = new ArrayList<>();

    DriverSectionReader(ConfigFileReader reader, Macros macros, DriverKind kind, DriverTables drivers,
            ValueContext context) {
        this.reader = reader;
        this.macros = macros;
        this.kind = kind;
        this.genericTable = switch (kind) {
            case ROUTER -> RouterOptions.TABLE;
            case TRANSPORT -> TransportOptions.TABLE;
            case AUTHENTICATOR -> AuthenticatorOptions.TABLE;
            default -> throw new IllegalArgumentException(kind + " drivers have no configured instances");
        };
        this.drivers = drivers;
        this.context = context;
    }

    List<DriverInstance> read() throws ConfigException {
        DriverInstance current = null;
        for (LogicalLine line = reader.next(); line != null; line = reader.next()) {
            String text = line.text();
            Location location = line.location();
            ItemName first = ItemName.read(text, 0, location);
            char next = AsciiChars.at(text, first.end());
            if (!first.name().isEmpty() && AsciiChars.isUpper(first.name().charAt(0)) && next == '=') {
                if (current != null) {
                    finish(current);
                    current = null;
                }
                macros.define(text, location);
                continue;
            }
            if (next == ':') {
                if (current != null) {
                    finish(current);
                }
                for (DriverInstance d : instances) {
                    if (d.name().equals(first.name())) {
                        throw ConfigException.general("there are two " + kind + "s called \"" + first.name() + "\"");
                    }
                }
                current = new DriverInstance(kind, first.name(), location, genericTable);
                instances.add(current);
                int rest = AsciiChars.skipSpace(text, first.end() + 1);
                if (rest < text.length()) {
                    throw ConfigException.inLine(location, ConfigException.extraCharacters(text.substring(rest),
                            "driver name " + first.name()));
                }
                continue;
            }
            if (current == null) {
                throw ConfigException.inLine(location, kind + " name missing");
            }
            if (OptionAssigner.assign(genericTable, current.generic(), text, location, null, context)) {
                if (!current.hasDriverTable() && current.driverName() != null) {
                    current.driverTable(driverTable(current, location));
                }
            } else if (current.hasDriverTable()) {
                PrivateOptionAssigner.assign(current, text, location);
            } else {
                throw ConfigException.inLine(location, "option \"" + first.name()
                        + "\" unknown (\"driver\" must be specified before any private options)");
            }
        }
        if (current != null) {
            finish(current);
        }
        return instances;
    }

    private OptionTable driverTable(DriverInstance instance, Location location) throws ConfigException {
        Optional<OptionTable> table = drivers.privateOptions(kind, instance.driverName());
        if (table.isEmpty()) {
            throw ConfigException.inLine(location, kind + " " + instance.name() + ": cannot find " + kind
                    + " driver \"" + instance.driverName() + "\"");
        }
        return table.get();
    }

    /** Exim's driver_init_fini: the driver must have been named; then its own initialisation. */
    private void finish(DriverInstance instance) throws ConfigException {
        if (instance.driverName() == null) {
            throw ConfigException.general("no driver defined for " + kind + " \"" + instance.name() + "\"");
        }
        DriverChecks.initialise(instance);
    }
}
