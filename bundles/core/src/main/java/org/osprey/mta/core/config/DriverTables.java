package org.osprey.mta.core.config;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.driver.Driver;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * The drivers the configuration may name, as the reader needs them: for a router,
 * transport or authenticator driver name, its private option table, if a driver of that
 * name is present. A name with no driver is Exim's error
 * {@code router r1: cannot find router driver "foo"}.
 */
public interface DriverTables {

    /** The private options of the driver of this kind and name, or empty when no such driver is present. */
    Optional<OptionTable> privateOptions(DriverKind kind, String driverName);

    /** The names of the drivers of a kind that are present (for the built-in {@code _DRIVER_} macros). */
    default Set<String> driverNames(DriverKind kind) {
        return Set.of();
    }

    /** The drivers present in a registry now. */
    static DriverTables of(DriverRegistry registry) {
        return new DriverTables() {
            @Override
            public Optional<OptionTable> privateOptions(DriverKind kind, String driverName) {
                return registry.drivers(kind).stream()
                        .filter(s -> s.name().equals(driverName))
                        .map(DriverService::driver)
                        .filter(d -> d instanceof Driver<?>)
                        .map(d -> ((Driver<?>) d).options())
                        .findFirst();
            }

            @Override
            public Set<String> driverNames(DriverKind kind) {
                Set<String> names = new TreeSet<>();
                registry.drivers(kind).forEach(s -> names.add(s.name()));
                return names;
            }
        };
    }
}
