package org.osprey.mta.core.registry;

import java.util.Objects;

/**
 * A change in the registry: a driver came or went, or an instance became available or
 * unavailable.
 *
 * @param type what happened
 * @param kind the driver kind
 * @param driverName the driver's name
 * @param instanceName the instance's name for the instance events, {@code null} for the driver events
 * @param detail the log line's words
 */
public record DriverEvent(Type type, DriverKind kind, String driverName, String instanceName, String detail) {

    public DriverEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(driverName, "driverName");
        Objects.requireNonNull(detail, "detail");
    }

    public enum Type { DRIVER_ADDED, DRIVER_UPDATED, DRIVER_REMOVED, INSTANCE_AVAILABLE, INSTANCE_UNAVAILABLE }

    @Override
    public String toString() {
        return detail;
    }
}
