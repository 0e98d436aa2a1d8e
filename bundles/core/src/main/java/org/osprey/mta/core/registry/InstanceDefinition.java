package org.osprey.mta.core.registry;

import java.util.List;
import java.util.Objects;

/**
 * A configured driver instance as the configuration defines it: a block such as
 * {@code remote_smtp: driver = smtp} with its private options. Generic options are the
 * engine's and are not part of it.
 *
 * @param kind router, transport or authenticator
 * @param name the instance's name
 * @param driverName the value of {@code driver =}
 * @param options the private options, in the order they were set
 */
public record InstanceDefinition(DriverKind kind, String name, String driverName, List<OptionSetting> options) {
    public InstanceDefinition {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driverName, "driverName");
        if (kind == DriverKind.LOOKUP || kind == DriverKind.CONDITION) {
            throw new IllegalArgumentException(kind + " drivers have no configured instances");
        }
        options = List.copyOf(options);
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
