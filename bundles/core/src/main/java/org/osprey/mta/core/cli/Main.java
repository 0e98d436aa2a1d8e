package org.osprey.mta.core.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.Clock;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.ConfigLoader;
import org.osprey.mta.core.config.ConfigWarning;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.deliver.ConfiguredExpansion;
import org.osprey.mta.core.hints.HintsException;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.hints.MemoryHintsStore;
import org.osprey.mta.core.retry.TidyCommand;
import org.osprey.mta.core.deliver.DeliveryRequest;
import org.osprey.mta.core.receive.LocalSubmission;
import org.osprey.mta.core.receive.SubmissionException;
import org.osprey.mta.core.receive.SubmissionResult;
import org.osprey.mta.core.receive.Submitter;
import org.osprey.mta.core.deliver.DeliveryEngine;
import org.osprey.mta.core.deliver.QueueDaemon;
import org.osprey.mta.core.deliver.QueueRunner;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverTables;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.config.OptionPrinter;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionTester;
import org.osprey.mta.core.expand.PromptedInput;
import org.osprey.mta.core.route.AddressTester;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.log.DebugOutput;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogSelector;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.lookup.SearchLayer;
import org.osprey.mta.core.queue.MessageCommands;
import org.osprey.mta.core.queue.QueueLister;
import org.osprey.mta.core.retry.RetryTester;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.rewrite.RewriteTester;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.registry.DriverService;
import org.osprey.mta.core.spool.Spool;

/**
 * The {@code mta} and {@code sendmail} commands: Exim's command line, run outside Karaf
 * on a flat class path of the distribution's bundle jars (drivers found through
 * {@link java.util.ServiceLoader}). A plain JVM starts in a fraction of the time an
 * embedded OSGi framework takes, which the sendmail interface needs.
 *
 * <p>Exit codes are Exim's: 0 for success, 1 for a bad option, a usage error or a
 * configuration error.
 */
public final class Main {
    static final int EXIT_SUCCESS = 0;
    static final int EXIT_FAILURE = 1;
    /** Exim's EXIM_EMAILADDR_MAX, the longest -brw argument. */
    private static final int MAX_ADDRESS_ARGUMENT = 256;
    /** Records per hints database in the daemon's memory: about 20 MB of ratelimit records at most. */
    private static final int DAEMON_HINTS_CAPACITY = 100_000;
    private static final DateTimeFormatter LOG_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * The daemon's SMTP sessions: the configuration's service, deliveries and ETRN runs by the
     * daemon. What its ACLs keep between connections (ratelimit, the callout cache, ETRN
     * serialisation) is in the daemon's memory: embedded Derby admits one process at a time,
     * and the daemon must not hold it while queue runners and -odb deliveries need it.
     */
    static final DaemonCommand.Sessions DAEMON_SESSIONS = (config, registry, log, deliveries, queueRuns) -> {
        org.osprey.mta.core.smtp.SmtpService service;
        HintsStore shared = new MemoryHintsStore(() -> Instant.now().getEpochSecond(), DAEMON_HINTS_CAPACITY);
        try {
            service = SmtpServices.of(config, registry, log, () -> shared)
                    .accepted((id, queueOnly) -> deliveries.accepted(id, queueOnly)).queueRuns(queueRuns).build();
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return (socket, connection) -> org.osprey.mta.core.smtp.SmtpSession.overSocket(service, socket, connection)
                .run();
    };

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    Main(InputStream in, PrintStream out, PrintStream err, Path home) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.home = home;
    }

    public static void main(String[] args) {
        String home = System.getProperty("osprey.home", ".");
        // The launcher may say what name it was called by (mailq lists the queue).
        String name = System.getProperty("osprey.name", "");
        int status = new Main(System.in, System.out, System.err, Path.of(home)).run(name, args);
        System.out.flush();
        System.exit(status);
    }

    int run(String[] args) {
        return run("", args);
    }

    int run(String programName, String[] args) {
        if (programName.substring(programName.lastIndexOf('/') + 1).equals("exim_tidydb")) {
            return tidy(args);
        }
        CommandLine line;
        try {
            line = CommandLine.parse(programName, args);
        } catch (BadOptionException e) {
            err.println("osprey abandoned: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (UsageException e) {
            err.println("osprey: " + e.getMessage());
            return EXIT_FAILURE;
        }
        if (!line.versionWanted() && !line.listOptions() && !line.listConfig() && !line.expansionTest()
                && !line.retryTest() && !line.rewriteTest() && !line.listsQueue() && line.messageAction() == null
                && line.deliveryRequest() == null && !line.queueRun() && !line.submits() && !line.daemon()
                && line.smtpSession() == null && line.addressTest() == null) {
            usage();
            return EXIT_FAILURE;
        }

        if (line.debug()) {
            DebugOutput.enable(err);
        }
        try {
            return execute(programName, args, line);
        } finally {
            DebugOutput.disable();
        }
    }

    private int execute(String programName, String[] args, CommandLine line) {
        DriverRegistry registry = new DriverRegistry();
        ClasspathDrivers.load(registry, Main.class.getClassLoader(), err);
        if (line.versionWanted()) {
            printVersion(registry);
        }
        Path file = line.configFile().map(Path::of).orElseGet(this::defaultConfigurationFile);
        Configuration config;
        try {
            config = ConfigLoader.load(file, line.macros(), DriverTables.of(registry));
        } catch (ConfigException e) {
            // Exim shows configuration errors in its debug form under -bP, as log lines otherwise.
            err.print(line.listOptions()
                    ? e.report(ConfigException.Style.DEBUG, null)
                    : e.report(ConfigException.Style.LOG, LocalDateTime.now().format(LOG_STAMP)));
            return e.exitCode();
        }
        registry.configure(config.toInstanceDefinitions());

        if (line.versionWanted()) {
            // -bV checks the configuration: say what is accepted but not acted on yet.
            for (ConfigWarning warning : config.warnings()) {
                err.println("osprey: warning: " + warning.message());
            }
            out.println("Configuration file is " + file);
            if (!line.submits()) {
                return EXIT_SUCCESS;
            }
        }
        if (line.expansionTest()) {
            return testExpansions(line, config, registry);
        }
        if (line.retryTest()) {
            return RetryTester.run(config, line.arguments(), out);
        }
        if (line.rewriteTest()) {
            return testRewriting(line, config, registry);
        }
        if (line.addressTest() != null) {
            return testAddresses(line, config, registry);
        }
        if (line.listsQueue()) {
            return listQueue(line, config);
        }
        if (line.messageAction() != null) {
            return actOnMessages(line, config);
        }
        if (line.deliveryRequest() != null) {
            return deliverMessages(line, config, registry);
        }
        if (line.daemon()) {
            if (DAEMON_SESSIONS == null) {
                err.println("osprey: -bd is not supported by this build (no SMTP session)");
                return EXIT_FAILURE;
            }
            return DaemonCommand.run(line, args, config, registry, home, DAEMON_SESSIONS, err);
        }
        if (line.queueRun()) {
            return runQueue(line, config, registry);
        }
        if (line.submits()) {
            return submit(line, config, registry, file);
        }
        if (line.smtpSession() != null) {
            return smtpSession(line, config, registry, file);
        }
        OptionPrinter printer = new OptionPrinter(config, out, err, line.noLabels(), isAdmin(config));
        return line.listConfig() ? printer.printConfig() : printer.printOptions(line.arguments());
    }

    /**
     * {@code exim_tidydb [-f] [-t time] spool-directory database}: Exim's utility, on the
     * hints store of that spool (embedded Derby there, or the store etc/ names).
     */
    private int tidy(String[] args) {
        List<String> list = List.of(args);
        String spool = null;
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).equals("-t")) {
                i++;
            } else if (!list.get(i).startsWith("-")) {
                spool = list.get(i);
                break;
            }
        }
        if (spool == null) {
            return TidyCommand.run(null, list, Instant.now(), out);
        }
        try (HintsStore store = EngineFactory.openHints(Path.of(spool), home)) {
            if (store == null) {
                err.println("exim_tidydb: no hints store in this installation");
                return EXIT_FAILURE;
            }
            return TidyCommand.run(store, list, Instant.now(), out);
        } catch (HintsException e) {
            err.println("exim_tidydb: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /**
     * {@code -brw address}: what the rewrite rules make of the address in each field; as in
     * Exim, log lines (rules that go wrong, address_rewrite) go to stderr.
     */
    private int testRewriting(CommandLine line, Configuration config, DriverRegistry registry) {
        String address = line.rewriteTestAddress();
        if (address == null) {
            out.print("-brw needs an address argument\n");
            return EXIT_FAILURE;
        }
        int length = address.getBytes(StandardCharsets.UTF_8).length;
        if (length > MAX_ADDRESS_ARGUMENT) {
            err.print("osprey: length limit exceeded (" + length + " > " + MAX_ADDRESS_ARGUMENT + ") for: -brw\n");
            return EXIT_FAILURE;
        }
        ExpansionEngine engine = new ExpansionEngine(new ConfiguredExpansion(config, new SearchLayer(registry)));
        boolean logRewrites = LogSelector.parse(config.get(MainOptions.LOG_SELECTOR)).on("address_rewrite");
        RewriteLog log = new RewriteLog() {
            private void write(String text) {
                err.print(LocalDateTime.now().format(LOG_STAMP) + " " + text + "\n");
                err.flush();
            }

            @Override
            public void rewritten(String text) {
                write(text);
            }

            @Override
            public void panic(String text) {
                write(text);
            }

            @Override
            public void note(String text) {
                write(text);
            }

            @Override
            public boolean logsRewrites() {
                return logRewrites;
            }
        };
        return RewriteTester.run(Rewriter.of(config, engine), address, ExpansionContext.empty(), log, out);
    }

    /**
     * {@code -bt}, {@code -bv}, {@code -bvs}: the addresses of the arguments, or of standard
     * input, routed and reported as Exim reports them. The routers see the sender of {@code -f}
     * (qualified), or the caller at the qualify domain.
     */
    private int testAddresses(CommandLine line, Configuration config, DriverRegistry registry) {
        String qualify = config.get(MainOptions.QUALIFY_DOMAIN);
        if (qualify == null || qualify.isEmpty()) {
            qualify = config.get(MainOptions.PRIMARY_HOSTNAME);
        }
        String sender = line.sender();
        if (sender == null) {
            sender = Caller.current().login() + "@" + qualify;
        } else if (sender.equals("<>")) {
            sender = "";
        } else if (!sender.isEmpty() && sender.indexOf('@') < 0) {
            sender = sender + "@" + qualify;
        }
        // What routing logs (self = freeze's line, for one) goes to standard error, not to the
        // main log: Exim's address-testing modes set log_testing_mode.
        Routing routing = Routing.of(config, registry, new ConfiguredExpansion(config, new SearchLayer(registry)))
                .logTo(text -> err.print("LOG: MAIN\n  " + text + "\n"));
        AddressTester tester = new AddressTester(config, registry, routing, line.addressTest(), sender,
                isAdmin(config), out);
        try {
            return tester.run(line.arguments(),
                    new PromptedInput(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out));
        } catch (IOException e) {
            err.println("osprey: reading standard input: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** {@code -be}: the arguments, or the lines of standard input, expanded one by one. */
    private int testExpansions(CommandLine line, Configuration config, DriverRegistry registry) {
        ConfiguredExpansion environment = new ConfiguredExpansion(config, new SearchLayer(registry));
        Caller caller = Caller.current();
        try {
            return ExpansionTester.run(line.arguments(),
                    new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), out, environment,
                    environment.invokerContext(caller.login(), caller.uid(), caller.gid()));
        } catch (IOException e) {
            err.println("osprey: reading standard input: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /** {@code -bp...}, {@code -bpc}, mailq: administrators only unless queue_list_requires_admin is false. */
    private int listQueue(CommandLine line, Configuration config) {
        if (Boolean.TRUE.equals(config.get(MainOptions.QUEUE_LIST_REQUIRES_ADMIN)) && !isAdmin(config)) {
            err.println("osprey: permission denied");
            return EXIT_FAILURE;
        }
        QueueLister lister = new QueueLister(Spool.of(config), Clock.systemUTC(), out);
        try {
            if (line.queueCount()) {
                lister.count();
            } else {
                lister.list(line.queueListing(), line.arguments());
            }
        } catch (IOException e) {
            err.println("osprey: reading the spool: " + e.getMessage());
            return EXIT_FAILURE;
        }
        return EXIT_SUCCESS;
    }

    /** {@code -Mvh -Mvb -Mvl -Mf -Mt -Mrm -Mmd -Mmad -Mar -Mes}: Exim's output and log lines. */
    private int actOnMessages(CommandLine line, Configuration config) {
        Caller caller = Caller.current();
        String login = caller.login().isEmpty() ? "uid " + caller.uid() : caller.login();
        try (LogWriter log = EngineFactory.log(config)) {
            MessageCommands commands = new MessageCommands(Spool.of(config),
                    new MessageCommands.Caller(login, caller.uid(), isAdmin(config)),
                    (id, text) -> log.write(Set.of(LogFile.MAIN), id, text), out, Clock.systemUTC(),
                    !Boolean.FALSE.equals(config.get(MainOptions.MESSAGE_LOGS)));
            return commands.run(line.messageAction(), line.arguments());
        } catch (IOException | IllegalArgumentException e) {
            err.println("osprey: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /**
     * A message on standard input ({@code mta [options] recipients}, {@code -t}): stored on
     * the spool, then delivered as the -od options and queue_only say. Exit 0 once the
     * message is on disk, whatever its delivery does afterwards.
     */
    private int submit(CommandLine line, Configuration config, DriverRegistry registry, Path file) {
        try (LogWriter log = EngineFactory.log(config)) {
            Spool.of(config).create();
            ConfiguredAcls acls;
            try {
                acls = EngineFactory.acls(config, registry, new ConfiguredExpansion(config, new SearchLayer(registry)),
                        log, () -> null);
            } catch (ConfigException e) {
                err.print(e.report(ConfigException.Style.LOG, LocalDateTime.now().format(LOG_STAMP)));
                return e.exitCode();
            }
            LocalSubmission submission = LocalSubmission.of(config, log, acls.expansionEnvironment()).withAcls(acls);
            Caller caller = Caller.current();
            Submitter submitter = Submitter.ofSystemUser(caller.uid(), caller.gid());
            SubmissionResult result;
            try {
                result = submission.submit(submitter, line.submission(), in);
            } catch (SubmissionException e) {
                err.print(e.stderrText());
                err.flush();
                if (e.errorMessage().isPresent()) {
                    startDeliveries(List.of(e.errorMessage().get()), DeliveryMode.BACKGROUND, config, registry, file,
                            line, log);
                }
                return e.exitCode();
            }
            List<MessageId> ids = new ArrayList<>();
            ids.add(result.id());
            result.errorMessageId().ifPresent(ids::add);
            startDeliveries(ids, deliveryMode(line, config), config, registry, file, line, log);
            return EXIT_SUCCESS;
        } catch (IOException | IllegalArgumentException e) {
            err.println("osprey: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /**
     * {@code -bs}, {@code -bS}, {@code -bh}: an SMTP session on standard input. Each message
     * taken is delivered as {@code -od} and queue_only say (in the background by default, as
     * soon as it is taken); -bh takes none.
     */
    private int smtpSession(CommandLine line, Configuration config, DriverRegistry registry, Path file) {
        try (LogWriter log = EngineFactory.log(config)) {
            DeliveryMode mode = deliveryMode(line, config);
            List<MessageId> later = new ArrayList<>();
            List<IOException> failures = new ArrayList<>();
            SessionHints hints = new SessionHints(Spool.of(config).directory(), home);
            CommandLineSmtp smtp;
            try {
                smtp = new CommandLineSmtp(config, SmtpServices.of(config, registry, log, hints), Caller.current());
            } catch (ConfigException e) {
                err.print(e.report(ConfigException.Style.LOG, LocalDateTime.now().format(LOG_STAMP)));
                return e.exitCode();
            }
            int rc;
            try (hints) {
                rc = smtp.run(line, in, out, err, (id, queueOnly) -> {
                    if (queueOnly) {
                        return;
                    }
                    if (mode == DeliveryMode.BACKGROUND) {
                        try {
                            startDeliveries(List.of(id), mode, config, registry, file, line, log);
                        } catch (IOException e) {
                            failures.add(e);
                        }
                    } else {
                        later.add(id);
                    }
                });
            }
            startDeliveries(later, mode, config, registry, file, line, log);
            for (IOException e : failures) {
                err.println("osprey: " + e.getMessage());
            }
            return rc;
        } catch (UsageException e) {
            err.println("osprey: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (IOException | IllegalArgumentException e) {
            err.println("osprey: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /**
     * The delivery mode of a new message: the -od option, or background; queue only when
     * queue_only is set (and no -od option overrides it under queue_only_override), when the
     * queue_only_file exists, or when the load average is above queue_only_load.
     */
    private static DeliveryMode deliveryMode(CommandLine line, Configuration config) {
        DeliveryMode asked = line.deliveryMode();
        boolean overridden = asked != null && !Boolean.FALSE.equals(config.get(MainOptions.QUEUE_ONLY_OVERRIDE));
        if (!overridden) {
            if (Boolean.TRUE.equals(config.get(MainOptions.QUEUE_ONLY))) {
                return DeliveryMode.QUEUE;
            }
            String onlyFile = config.get(MainOptions.QUEUE_ONLY_FILE);
            if (onlyFile != null && !onlyFile.isBlank() && Files.exists(Path.of(onlyFile.trim()))) {
                return DeliveryMode.QUEUE;
            }
        }
        java.math.BigDecimal maxLoad = config.get(MainOptions.QUEUE_ONLY_LOAD);
        if (maxLoad != null && maxLoad.signum() > 0) {
            double load = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            if (load >= 0 && load > maxLoad.doubleValue()) {
                return DeliveryMode.QUEUE;
            }
        }
        return asked == null ? DeliveryMode.BACKGROUND : asked;
    }

    /** Delivers new messages now (-odi), in a background process (-odb), or not at all (-odq). */
    private void startDeliveries(List<MessageId> ids, DeliveryMode mode, Configuration config,
            DriverRegistry registry, Path file, CommandLine line, LogWriter log) throws IOException {
        switch (mode) {
            case QUEUE, QUEUE_SMTP -> { }
            case INTERACTIVE -> {
                try (DeliveryEngine engine = EngineFactory.open(config, registry, home, log)) {
                    for (MessageId id : ids) {
                        engine.deliver(id, DeliveryRequest.NEW_MESSAGE);
                    }
                }
            }
            case BACKGROUND -> {
                List<String> macros = new ArrayList<>();
                line.macros().forEach((k, v) -> macros.add("-D" + k + "=" + v));
                for (MessageId id : ids) {
                    BackgroundDelivery.start(id, home, file.toAbsolutePath().toString(), macros);
                }
            }
        }
    }

    /**
     * {@code -M}, {@code -Mc}, {@code -Mg}: one delivery attempt at each message named, in
     * order. Administrators only, as in Exim (prod_requires_admin).
     */
    private int deliverMessages(CommandLine line, Configuration config, DriverRegistry registry) {
        if (Boolean.TRUE.equals(config.get(MainOptions.PROD_REQUIRES_ADMIN)) && !isAdmin(config)
                && !BackgroundDelivery.isBackgroundDeliveryOf(line.arguments())) {
            err.println("osprey: Permission denied");
            return EXIT_FAILURE;
        }
        try (LogWriter log = EngineFactory.log(config);
                DeliveryEngine engine = EngineFactory.open(config, registry, home, log)) {
            for (String id : line.arguments()) {
                engine.deliver(MessageId.parse(id), line.deliveryRequest());
            }
            return EXIT_SUCCESS;
        } catch (IOException | IllegalArgumentException e) {
            err.println("osprey: " + e.getMessage());
            return EXIT_FAILURE;
        }
    }

    /**
     * {@code -q...}, {@code -R}, {@code -S}: one queue run; with a time ({@code -q30m}), a
     * daemon in the foreground that starts a run at that interval, at most queue_run_max at once.
     */
    private int runQueue(CommandLine line, Configuration config, DriverRegistry registry) {
        if (Boolean.TRUE.equals(config.get(MainOptions.PROD_REQUIRES_ADMIN)) && !isAdmin(config)) {
            err.println("osprey: Permission denied");
            return EXIT_FAILURE;
        }
        try (LogWriter log = EngineFactory.log(config);
                DeliveryEngine engine = EngineFactory.open(config, registry, home, log)) {
            QueueRunner runner = new QueueRunner(engine,
                    Boolean.TRUE.equals(config.get(MainOptions.QUEUE_RUN_IN_ORDER)), new java.util.Random());
            if (line.queueInterval() == null) {
                runner.run(line.queueSelection());
                return EXIT_SUCCESS;
            }
            new QueueDaemon(runner, line.queueSelection(), line.queueInterval(), queueRunMax(config)).run();
            return EXIT_SUCCESS;
        } catch (IOException | IllegalArgumentException e) {
            err.println("osprey: " + e.getMessage());
            return EXIT_FAILURE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return EXIT_FAILURE;
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

    /**
     * Exim's administrators see hidden values: root and the Exim user. (Exim also counts
     * the members of admin_groups; that comes with the user and group handling of a later step.)
     */
    private static boolean isAdmin(Configuration config) {
        long uid = Caller.current().uid();
        Long eximUid = config.get(MainOptions.EXIM_USER);
        return uid == 0 || eximUid != null && uid == eximUid;
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

    private Path defaultConfigurationFile() {
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
