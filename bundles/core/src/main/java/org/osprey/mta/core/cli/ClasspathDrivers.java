package org.osprey.mta.core.cli;

import java.io.PrintStream;
import java.net.URL;
import java.security.CodeSource;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.kernel.driver.MtaDriver;

/**
 * Feeds the {@link DriverRegistry} from the class path, for the command-line launcher,
 * which runs without an OSGi framework: each driver bundle lists its driver classes in
 * {@code META-INF/services}, and {@link MtaDriver} on each class gives the same name and
 * kind that its DS component publishes in Karaf.
 */
final class ClasspathDrivers {
    private ClasspathDrivers() {
    }

    /** Adds every driver on the class path; a broken one is reported on {@code err} and left out. */
    static void load(DriverRegistry registry, ClassLoader loader, PrintStream err) {
        long id = 1;
        for (DriverKind kind : DriverKind.values()) {
            ServiceLoader<?> found = ServiceLoader.load(kind.serviceInterface(), loader);
            for (ServiceLoader.Provider<?> provider : found.stream().toList()) {
                Class<?> type = provider.type();
                MtaDriver names = type.getAnnotation(MtaDriver.class);
                if (names == null || !names.kind().equals(kind.property())) {
                    err.println("osprey: " + type.getName() + " is listed as a " + kind
                            + " driver but has no @MtaDriver(kind = \"" + kind + "\"): ignored");
                    continue;
                }
                try {
                    registry.add(new DriverService(kind, names.name(), provider.get(), 0, id++, origin(type)));
                } catch (ServiceConfigurationError | RuntimeException e) {
                    err.println("osprey: " + kind + " driver \"" + names.name() + "\" could not be loaded: " + e);
                }
            }
        }
    }

    private static String origin(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL location = source == null ? null : source.getLocation();
        return location == null ? type.getName() : location.getPath();
    }
}
