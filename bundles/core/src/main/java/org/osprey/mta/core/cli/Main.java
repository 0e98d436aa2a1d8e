package org.osprey.mta.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;

/**
 * The {@code mta} and {@code sendmail} commands: Exim's command line, run outside Karaf
 * on a flat class path of the distribution's bundle jars (drivers found through
 * {@link java.util.ServiceLoader}). A plain JVM starts in a fraction of the time an
 * embedded OSGi framework takes, which the sendmail interface needs.
 *
 * <p>Exit codes are Exim's: 0 for success, 1 for a bad option or a usage error.
 */
public final class Main {
    static final int EXIT_SUCCESS = 0;
    static final int EXIT_FAILURE = 1;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    Main(PrintStream out, PrintStream err, Path home) {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    public static void main(String[] args) {
        String home = System.getProperty("osprey.home", ".");
        int status = new Main(System.out, System.err, Path.of(home)).run(args);
        System.out.flush();
        System.exit(status);
    }

    int run(String[] args) {
        CommandLine line;
        try {
            line = CommandLine.parse(args);
        } catch (BadOptionException e) {
            err.println("osprey abandoned: " + e.getMessage());
            return EXIT_FAILURE;
        }
        if (line.versionWanted()) {
            DriverRegistry registry = new DriverRegistry();
            ClasspathDrivers.load(registry, Main.class.getClassLoader(), err);
            printVersion(registry);
            if (line.recipients().isEmpty()) {
                out.println("Configuration file is " + configurationFile());
                return EXIT_SUCCESS;
            }
        }
        if (!line.recipients().isEmpty()) {
            // Message submission arrives with the sendmail interface (step 7 of the plan).
            err.println("osprey: this build cannot take a message from the command line yet");
            return EXIT_FAILURE;
        }
        usage();
        return EXIT_FAILURE;
    }

    /** Like {@code exim -bV}: the version, then the drivers present, one line per kind. */
    private void printVersion(DriverRegistry registry) {
        out.println("Osprey version " + version() + " (speaks Exim 4.96)");
        out.println("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        for (DriverKind kind : new DriverKind[] {DriverKind.LOOKUP, DriverKind.AUTHENTICATOR, DriverKind.ROUTER,
                DriverKind.TRANSPORT, DriverKind.CONDITION}) {
            out.println(kind.heading() + ": " + registry.drivers(kind).stream()
                    .map(DriverService::name).collect(Collectors.joining(" ")));
        }
    }

    private Path configurationFile() {
        return home.resolve("etc").resolve("configure").toAbsolutePath().normalize();
    }

    private void usage() {
        err.print("Osprey is a Mail Transfer Agent. It is normally called by Mail User Agents,\n"
                + "not directly from a shell command line. Options and/or arguments control\n"
                + "what it does when called. For a list of options, see the Exim documentation.\n");
    }

    static String version() {
        Properties properties = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/org/osprey/mta/core/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The version is then unknown; nothing else depends on it.
        }
        return properties.getProperty("version", "unknown");
    }
}
