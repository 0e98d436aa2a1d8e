package org.osprey.mta.core.daemon;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one-minute load average as Exim's os_getloadavg gives it: thousandths (2.55 is 2550),
 * or -1 when the system does not say.
 */
@FunctionalInterface
public interface LoadAverage {

    int thousandths();

    /** Linux's /proc/loadavg, or the JVM's figure where there is none. */
    static LoadAverage system() {
        Path proc = Path.of("/proc/loadavg");
        return () -> {
            try {
                String first = Files.readString(proc, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
                return (int) (Double.parseDouble(first) * 1000);
            } catch (IOException | RuntimeException e) {
                double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                return load < 0 ? -1 : (int) (load * 1000);
            }
        };
    }

    /** A load in thousandths as Exim prints it ({@code %.2f}). */
    static String format(int thousandths) {
        return String.format(Locale.ROOT, "%.2f", thousandths / 1000.0);
    }

    /** A fixed-point option (smtp_load_reserve, queue_only_load) in thousandths; -1 when unset. */
    static int option(java.math.BigDecimal value) {
        return value == null ? -1 : value.movePointRight(3).intValue();
    }
}
