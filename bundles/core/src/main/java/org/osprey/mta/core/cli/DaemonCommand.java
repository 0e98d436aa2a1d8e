package org.osprey.mta.core.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.daemon.BackgroundDeliveries;
import org.osprey.mta.core.daemon.ConfiguredChecks;
import org.osprey.mta.core.daemon.ConnectionHandler;
import org.osprey.mta.core.daemon.DaemonException;
import org.osprey.mta.core.daemon.DaemonStarted;
import org.osprey.mta.core.daemon.HostNameLookup;
import org.osprey.mta.core.daemon.IdentClient;
import org.osprey.mta.core.daemon.ListenerSettings;
import org.osprey.mta.core.daemon.LoadAverage;
import org.osprey.mta.core.daemon.PidFile;
import org.osprey.mta.core.daemon.ServicePorts;
import org.osprey.mta.core.daemon.SmtpListener;
import org.osprey.mta.core.deliver.ConfiguredExpansion;
import org.osprey.mta.core.deliver.DeliveryEngine;
import org.osprey.mta.core.deliver.DeliveryRequest;
import org.osprey.mta.core.deliver.QueueDaemon;
import org.osprey.mta.core.deliver.QueueRunner;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.smtp.SmtpService;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * {@code -bd}, {@code -bdf}, with {@code -q<time>}: Exim's daemon. {@code -bd} detaches as
 * Exim does: a JVM cannot fork, so this one starts another in a session of its own
 * ({@code setsid}) with the same arguments, and returns 0 once that one listens, or shows
 * what stopped it and returns 1. {@code -bdf} stays in the foreground.
 *
 * <p>The daemon binds, writes its pid file, logs Exim's start line, then runs until SIGTERM
 * or SIGINT, which (through a shutdown hook) stop the listening, remove the pid file and
 * give deliveries in progress a few seconds. SIGHUP is not handled: Exim re-executes itself
 * on it, and a JVM cannot; restart the daemon to read a changed configuration.
 */
final class DaemonCommand {
    /** Set in the detached daemon, so that it does not detach again. */
    static final String CHILD = "OSPREY_DAEMON_CHILD";
    /** What the detached daemon writes to its parent once it listens. */
    static final String READY = "osprey daemon listening";
    private static final int DELIVERY_BACKLOG = 1000;
    private static final long SHUTDOWN_WAIT_SECONDS = 5;

    /** Makes the SMTP session of the daemon's connections (the SMTP session bundle's). */
    @FunctionalInterface
    interface Sessions {
        /** @param queueRuns starts the queue runs ETRN asks for */
        ConnectionHandler handler(Configuration config, DriverRegistry registry, LogWriter log,
                BackgroundDeliveries deliveries, SmtpService.QueueRunStarter queueRuns);
    }

    private DaemonCommand() {
    }

    static int run(CommandLine line, String[] args, Configuration config, DriverRegistry registry, Path home,
            Sessions sessions, PrintStream err) {
        if (!line.daemonForeground() && System.getenv(CHILD) == null) {
            return detach(args, home, err);
        }
        try (LogWriter log = EngineFactory.log(config);
                DeliveryEngine engine = EngineFactory.open(config, registry, home, log)) {
            return serve(line, config, registry, engine, log, sessions);
        } catch (IOException | IllegalArgumentException e) {
            err.println("osprey: " + e.getMessage());
            return Main.EXIT_FAILURE;
        }
    }

    /** Starts the daemon in a new JVM and waits until it listens or gives up. */
    private static int detach(String[] args, Path home, PrintStream err) {
        ProcessBuilder builder = BackgroundDelivery.javaProcess(home, List.of(args)).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put(CHILD, "1");
        try {
            Process child = builder.start();
            List<String> said = new ArrayList<>();
            try (BufferedReader r = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    if (l.equals(READY)) {
                        return Main.EXIT_SUCCESS;
                    }
                    said.add(l);
                }
            }
            said.forEach(err::println);
            int status = child.waitFor();
            return status == 0 ? Main.EXIT_FAILURE : status;
        } catch (IOException e) {
            err.println("osprey: fork() failed when starting daemon: " + e.getMessage());
            return Main.EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.EXIT_FAILURE;
        }
    }

    private static int serve(CommandLine line, Configuration config, DriverRegistry registry, DeliveryEngine engine,
            LogWriter log, Sessions sessions) throws IOException {
        ConfiguredExpansion environment = new ConfiguredExpansion(config, new SearchLayer(registry));
        ExpansionEngine expansion = new ExpansionEngine(environment);
        ListenerSettings settings;
        PidFile pidFile = null;
        try {
            settings = ListenerSettings.of(config, line.interfacesOverride(), line.tlsOnConnect(),
                    ServicePorts.system());
        } catch (DaemonException e) {
            log.log(new LogEvent.Panic(null, e.getMessage()));
            return Main.EXIT_FAILURE;
        }
        LoadAverage load = LoadAverage.system();
        BackgroundDeliveries deliveries = new BackgroundDeliveries(policy(line, config), id -> engine.deliver(id,
                DeliveryRequest.NEW_MESSAGE), load, log, Math.max(1, settings.limits().acceptMax()), DELIVERY_BACKLOG);
        QueueRunner etrnRunner = new QueueRunner(engine,
                Boolean.TRUE.equals(config.get(MainOptions.QUEUE_RUN_IN_ORDER)), new Random());
        SmtpListener listener = new SmtpListener(settings, sessions.handler(config, registry, log, deliveries,
                new EtrnQueueRuns(etrnRunner::run, log)),
                new ConfiguredChecks(expansion), new HostNameLookup(environment.resolver()), new IdentClient(), load,
                log);
        try {
            listener.bind();
        } catch (DaemonException e) {
            log.log(new LogEvent.Panic(null, e.getMessage()));
            deliveries.close();
            return Main.EXIT_FAILURE;
        }
        long pid = ProcessHandle.current().pid();
        var pidPath = PidFile.path(config, line.pidFileOverride(), line.interfacesOverride() != null,
                pidFilePath(config, expansion));
        if (pidPath.isPresent()) {
            try {
                pidFile = PidFile.write(pidPath.get(), pid);
            } catch (IOException e) {
                // Exim goes on without it too (it only checks the file when it may not write it).
                log.write(EnumSet.of(LogFile.MAIN), null, "failed to write pid file " + pidPath.get() + ": "
                        + e.getMessage());
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        PidFile written = pidFile;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close();
            if (written != null) {
                written.remove();
            }
            try {
                deliveries.shutdown(SHUTDOWN_WAIT_SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "osprey-daemon-stop"));
        listener.start();
        log.write(EnumSet.of(LogFile.MAIN), null, DaemonStarted.line(pid, line.queueInterval(),
                listener.boundAddresses(), settings.tlsOnConnectPorts()));
        if (System.getenv(CHILD) != null) {
            // Tell the parent, then let nothing more reach its (soon closed) pipe.
            System.out.println(READY);
            System.out.flush();
            PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
            System.setOut(nowhere);
            System.setErr(nowhere);
        }
        try {
            if (line.queueInterval() != null) {
                QueueRunner runner = new QueueRunner(engine,
                        Boolean.TRUE.equals(config.get(MainOptions.QUEUE_RUN_IN_ORDER)), new Random());
                new QueueDaemon(runner, line.queueSelection(), line.queueInterval(), queueRunMax(config)).run();
            }
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Main.EXIT_SUCCESS;
    }

    /** -odq on the daemon's command line queues everything; -odi/-odb undo queue_only only under queue_only_override. */
    private static BackgroundDeliveries.Policy policy(CommandLine line, Configuration config) {
        DeliveryMode asked = line.deliveryMode();
        boolean queueOnly = Boolean.TRUE.equals(config.get(MainOptions.QUEUE_ONLY));
        if (asked != null && !Boolean.FALSE.equals(config.get(MainOptions.QUEUE_ONLY_OVERRIDE))) {
            queueOnly = false;
        }
        if (asked == DeliveryMode.QUEUE || asked == DeliveryMode.QUEUE_SMTP) {
            queueOnly = true;
        }
        String file = config.get(MainOptions.QUEUE_ONLY_FILE);
        return new BackgroundDeliveries.Policy(queueOnly, file == null || file.isBlank() ? null : Path.of(file.trim()),
                LoadAverage.option(config.get(MainOptions.QUEUE_ONLY_LOAD)),
                !Boolean.FALSE.equals(config.get(MainOptions.QUEUE_ONLY_LOAD_LATCH)));
    }

    /** pid_file_path expanded when the configuration sets it; null to use the default. */
    private static String pidFilePath(Configuration config, ExpansionEngine expansion) {
        if (!config.main().isSet(MainOptions.PID_FILE_PATH)) {
            return null;
        }
        try {
            return expansion.expander(org.osprey.mta.core.expand.ExpansionContext.empty())
                    .expand(config.get(MainOptions.PID_FILE_PATH));
        } catch (ExpansionException e) {
            return null;
        }
    }

    private static int queueRunMax(Configuration config) {
        String max = config.get(MainOptions.QUEUE_RUN_MAX);
        try {
            return max == null ? 5 : Integer.parseInt(max.trim());
        } catch (NumberFormatException e) {
            return 5;
        }
    }
}
