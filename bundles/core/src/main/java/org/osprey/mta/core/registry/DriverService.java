package org.osprey.mta.core.registry;

import java.util.Comparator;
import java.util.Objects;

/**
 * One driver present in the registry: a service of a driver interface with its
 * {@code mta.driver.*} properties.
 *
 * @param kind the driver's kind
 * @param name the driver's name ({@code mta.driver.name})
 * @param driver the service object, an instance of {@code kind.serviceInterface()}
 * @param ranking the service ranking: of two drivers with one name, the higher wins
 * @param serviceId a number unique while the service lives: of two with one ranking, the lower wins
 * @param origin where the driver comes from, for logs: a bundle and its version, or a jar
 */
public record DriverService(DriverKind kind, String name, Object driver, int ranking, long serviceId, String origin) {

    /** Best first: highest ranking, then oldest service (OSGi's own order for services). */
    static final Comparator<DriverService> PREFERENCE = Comparator
            .comparingInt(DriverService::ranking).reversed()
            .thenComparingLong(DriverService::serviceId);

    public DriverService {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(origin, "origin");
        if (!kind.serviceInterface().isInstance(driver)) {
            throw new IllegalArgumentException(kind + " driver \"" + name + "\" is not a "
                    + kind.serviceInterface().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return kind + " driver \"" + name + "\" (" + origin + ")";
    }
}
