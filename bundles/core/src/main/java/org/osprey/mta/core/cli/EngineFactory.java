package org.osprey.mta.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Supplier;
import org.osprey.mta.core.acl.AclServices;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.acl.RoutingVerifier;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.bounce.BounceSettings;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.deliver.ConfiguredExpansion;
import org.osprey.mta.core.deliver.DeliveryEngine;
import org.osprey.mta.core.deliver.HintsOpener;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.hints.HintsStoreProvider;
import org.osprey.mta.core.receive.Submitter;
import org.osprey.mta.core.log.LogConfig;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.route.Passwd;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Spool;

/**
 * Builds the delivery engine of a command-line process: the configuration's spool, its
 * logs, the hints store (the JDBC store found through {@link ServiceLoader}, with the
 * settings of {@code etc/org.osprey.mta.hints.jdbc.cfg}, the file Karaf reads too), and
 * the bounce settings, with this process's user as the MTA's user.
 */
final class EngineFactory {
    /** The PID of the hints store's Karaf configuration. */
    private static final String HINTS_PID = "org.osprey.mta.hints.jdbc";
    private static final int HINTS_OPEN_ATTEMPTS = 10;
    private static final long HINTS_OPEN_PAUSE_MS = 200;

    private EngineFactory() {
    }

    static DeliveryEngine open(Configuration config, DriverRegistry registry, Path home, LogWriter log)
            throws IOException {
        Spool spool = Spool.of(config);
        spool.create();
        ConfiguredExpansion environment = new ConfiguredExpansion(config, new SearchLayer(registry));
        Caller caller = Caller.current();
        // Bounces and warnings are from exim_user when it is set, as Exim submits them as its user.
        Long eximUid = config.get(MainOptions.EXIM_USER);
        BounceSettings bounces;
        if (eximUid != null) {
            Long eximGid = config.get(MainOptions.EXIM_GROUP);
            Submitter exim = Submitter.ofSystemUser(eximUid, eximGid != null ? eximGid : caller.gid());
            bounces = BounceSettings.of(config, exim.login() == null ? Long.toString(eximUid) : exim.login(),
                    exim.uid(), exim.gid());
        } else {
            bounces = BounceSettings.of(config, caller.login(), caller.uid(), caller.gid());
        }
        return new DeliveryEngine(config, registry, environment, Passwd.system(), spool, log,
                hintsOpener(spool.directory(), home), Clock.systemUTC(), bounces,
                MessageIdGenerator.forThisProcess(localhostNumber(config)));
    }

    /**
     * The configuration's ACLs, parsed; verification routes with the configuration's routers.
     *
     * @param hints the hints store for ratelimit, opened when first asked for (it may supply null)
     * @throws ConfigException when an ACL does not parse, in Exim's words
     */
    static ConfiguredAcls acls(Configuration config, DriverRegistry registry, ExpansionEnvironment environment,
            LogWriter log, Supplier<HintsStore> hints) throws ConfigException {
        Routing routing = Routing.of(config, registry, environment)
                .logTo(text -> log.write(Set.of(LogFile.MAIN), null, text));
        return ConfiguredAcls.of(config, AclServices.of(environment, new RoutingVerifier(routing), registry, log,
                hints));
    }

    /**
     * The log writer of a configuration; log_file_path is used as written (no expansion yet).
     *
     * @throws IllegalArgumentException when log_file_path or a log option is malformed
     */
    static LogWriter log(Configuration config) {
        return LogWriter.forProcess(LogConfig.from(config, text -> text));
    }

    static int localhostNumber(Configuration config) {
        String n = config.get(MainOptions.LOCALHOST_NUMBER);
        if (n == null || n.isBlank()) {
            return 0;
        }
        try {
            return Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Opens the hints store of a spool directory for a command (exim_tidydb); null when there is no provider. */
    static HintsStore openHints(Path spoolDirectory, Path home) throws HintsException {
        HintsOpener opener = hintsOpener(spoolDirectory, home);
        return opener == null ? null : opener.open(true);
    }

    /**
     * The hints store through the first provider on the class path; none without one.
     * Asked only for an existing store, the embedded Derby store is not created.
     */
    private static HintsOpener hintsOpener(Path spoolDirectory, Path home) {
        Optional<HintsStoreProvider> provider = ServiceLoader.load(HintsStoreProvider.class,
                EngineFactory.class.getClassLoader()).findFirst();
        if (provider.isEmpty()) {
            return null;
        }
        Map<String, String> settings = hintsSettings(home);
        return create -> {
            if (!create && settings.getOrDefault("hints_url", "").isEmpty()
                    && !Files.isDirectory(spoolDirectory.resolve("db").resolve("hints"))) {
                return null;
            }
            // Embedded Derby admits one process at a time; another holds it only briefly.
            for (int attempt = 1;; attempt++) {
                try {
                    return provider.get().open(spoolDirectory, settings);
                } catch (HintsException e) {
                    if (attempt >= HINTS_OPEN_ATTEMPTS) {
                        throw e;
                    }
                    try {
                        Thread.sleep(HINTS_OPEN_PAUSE_MS);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
        };
    }

    /** {@code url}, {@code user} and {@code password} of the store's Karaf configuration, as the provider's settings. */
    private static Map<String, String> hintsSettings(Path home) {
        Map<String, String> settings = new HashMap<>();
        Path file = home.resolve("etc").resolve(HINTS_PID + ".cfg");
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException e) {
                return settings;
            }
            for (String key : new String[] {"url", "user", "password"}) {
                String v = p.getProperty(key);
                if (v != null && !v.isBlank()) {
                    settings.put("hints_" + key, v.trim());
                }
            }
        }
        return settings;
    }
}
