package org.osprey.mta.core.deliver;

import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.osprey.mta.core.acl.AclServices;
import org.osprey.mta.core.acl.ConfiguredAcls;
import org.osprey.mta.core.acl.RoutingVerifier;
import org.osprey.mta.core.bounce.BounceSettings;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.dns.DnsClient;
import org.osprey.mta.core.auth.ConfiguredAuthenticators;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.log.LogEvent;
import org.osprey.mta.core.log.LogFile;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.receive.LocalSubmission;
import org.osprey.mta.core.receive.ProcessIds;
import org.osprey.mta.core.receive.Submitter;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.retry.RetryPolicy;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.core.route.Passwd;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Spool;

/**
 * Delivers messages from the spool, following Exim's model (deliver.c): one attempt at a
 * time per message, under the message's lock; the addresses through the routers; local
 * deliveries one by one, remote ones in parallel up to {@code remote_max_parallel}; every
 * success recorded in the -J journal the moment it is known; the retry hints updated; the
 * failures bounced (or the message frozen, for a bounce that cannot be delivered); delay
 * warnings; and the -H file rewritten, or the message removed when every address is done.
 *
 * <p>One engine serves one process and any number of deliveries, one after the other or
 * at once (for different messages). Bounces and warnings it creates are delivered at the
 * end of the attempt that made them, as Exim's child process would deliver them.
 */
public final class DeliveryEngine implements AutoCloseable {
    private static final DateTimeFormatter MESSAGE_LOG_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    final Configuration config;
    final DriverRegistry registry;
    final ExpansionEngine expansion;
    /** The configuration's authenticators, whose client sides the smtp transport uses. */
    final ConfiguredAuthenticators authenticators;
    final Routing routing;
    /** The rewrite section's rules, which apply to header addresses after a router's change of domain. */
    final Rewriter rewriter;
    final Spool spool;
    final LogWriter log;
    final Hints hints;
    /** The wait-&lt;transport&gt; hints, for connection reuse. */
    final WaitingList waiting;
    final RetryPolicy retry;
    final Clock clock;
    final BounceSettings bounceSettings;
    final MessageIdGenerator ids;
    final boolean messageLogs;
    final ZoneId zone;
    /** The generic transport options each batch is set up with. */
    final DeliverySetup setup;
    private final int remoteMaxParallel;
    private final ConfiguredExpansion environment;
    private ExecutorService remotePool;
    private LocalSubmission submission;

    /**
     * @param environment the configuration's expansion environment (lookups, named lists)
     * @param hints the hints store, opened lazily ({@link #openHints}); null for none
     * @param bounceSettings what bounces and warnings are made with, and as whom
     */
    public DeliveryEngine(Configuration config, DriverRegistry registry, ConfiguredExpansion environment,
            Passwd passwd, Spool spool, LogWriter log, HintsOpener hints, Clock clock,
            BounceSettings bounceSettings, MessageIdGenerator ids) {
        this(config, registry, environment, passwd, spool, log, hints, clock, bounceSettings, ids, null);
    }

    /**
     * As the public constructor, with the routers' hosts found through {@code dns} (a test's
     * dnsmasq) instead of the system's resolvers when it is not null.
     */
    DeliveryEngine(Configuration config, DriverRegistry registry, ConfiguredExpansion environment,
            Passwd passwd, Spool spool, LogWriter log, HintsOpener hints, Clock clock,
            BounceSettings bounceSettings, MessageIdGenerator ids, DnsClient dns) {
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.environment = environment;
        this.expansion = new ExpansionEngine(environment);
        this.authenticators = new ConfiguredAuthenticators(config, registry, expansion);
        Routing chain = new Routing(config, registry, expansion, environment, passwd);
        this.routing = dns == null ? chain : chain.withDns(dns);
        this.rewriter = Rewriter.of(config, expansion);
        this.setup = new DeliverySetup(config, expansion, Objects.requireNonNull(passwd, "passwd"),
                ProcessIds.uid(-1) == 0);
        this.spool = Objects.requireNonNull(spool, "spool");
        this.log = Objects.requireNonNull(log, "log");
        this.hints = hints == null ? Hints.NONE
                : new Hints(hints, text -> log.write(Set.of(LogFile.MAIN), null, text));
        this.waiting = new WaitingList(this.hints);
        this.retry = RetryPolicy.of(config);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.bounceSettings = Objects.requireNonNull(bounceSettings, "bounceSettings");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.messageLogs = !Boolean.FALSE.equals(config.get(MainOptions.MESSAGE_LOGS));
        this.zone = bounceSettings.zone();
        Integer parallel = config.get(MainOptions.REMOTE_MAX_PARALLEL);
        this.remoteMaxParallel = parallel == null || parallel < 1 ? 1 : parallel;
    }

    /**
     * One delivery attempt at a message, and then at the bounces and warnings it made.
     * Never throws for a fault of the message, a driver or the hints: what cannot be done
     * is deferred and logged.
     */
    public DeliveryStatus deliver(MessageId id, DeliveryRequest request) {
        // Continued deliveries on the remote threads add to it too.
        Deque<MessageId> generated = new ConcurrentLinkedDeque<>();
        DeliveryStatus status = attempt(id, request, generated);
        // A bounce of a bounce is never made (it is frozen instead), so this ends.
        while (!generated.isEmpty()) {
            attempt(generated.poll(), DeliveryRequest.NEW_MESSAGE, generated);
        }
        return status;
    }

    private DeliveryStatus attempt(MessageId id, DeliveryRequest request, Deque<MessageId> generated) {
        try {
            return new MessageDelivery(this, id, request, generated::add).run();
        } catch (IOException e) {
            spoolError(id, e);
            return DeliveryStatus.NOT_ATTEMPTED;
        }
    }

    /** The spool could not be read or written: nothing is lost, the files are as they were. */
    void spoolError(MessageId id, IOException e) {
        log.write(Set.of(LogFile.MAIN, LogFile.PANIC), id.toString(), "Spool error: " + e.getMessage());
    }

    /**
     * Closes the hints store until it is next needed, so that other processes can use an
     * embedded one: after a queue run, or between runs of a daemon.
     */
    public void releaseHints() {
        hints.close();
    }

    /** A main option's value as text (see {@link org.osprey.mta.kernel.transport.Delivery#mainOption}). */
    Optional<String> mainOption(String name) {
        return config.main().table().find(name).map(o -> config.main().get(o)).map(String::valueOf);
    }

    /** Writes a line about a message to the logs it belongs in and, under message_logs, to its message log. */
    void log(MessageId id, LogEvent event) {
        log.log(event);
        if (messageLogs && event.files().contains(LogFile.MAIN)) {
            event.render(log.selector()).ifPresent(text -> messageLog(id, text));
        }
    }

    /** Writes a line to the main log and the message log. */
    void log(MessageId id, String text) {
        log.write(Set.of(LogFile.MAIN), id.toString(), text);
        if (messageLogs) {
            messageLog(id, text);
        }
    }

    private void messageLog(MessageId id, String text) {
        try {
            spool.appendMessageLog(id, LocalDateTime.now(clock.withZone(zone)).format(MESSAGE_LOG_STAMP) + " " + text);
        } catch (IOException e) {
            // The message log is a record for people; the main log has the line.
        }
    }

    /** The threads remote deliveries run on: at most remote_max_parallel, made when first needed. */
    synchronized ExecutorService remotePool() {
        if (remotePool == null) {
            AtomicInteger n = new AtomicInteger();
            remotePool = Executors.newFixedThreadPool(remoteMaxParallel, r -> {
                Thread t = new Thread(r, "osprey-remote-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        }
        return remotePool;
    }

    /**
     * The local submission of the messages a delivery makes (bounces, delay warnings, the
     * syntax errors message) and of those transports compose (autoreply), made when first
     * needed: on this engine's spool, logs and ids, from the MTA's user of the bounces. As
     * Exim's child_open_exim starts a local reception, acl_not_smtp_start and acl_not_smtp
     * run for these messages (with verification through this engine's routers).
     *
     * @throws ConfigException when an ACL does not parse
     */
    synchronized LocalSubmission submission() throws ConfigException {
        if (submission == null) {
            ConfiguredAcls acls = ConfiguredAcls.of(config,
                    AclServices.of(environment, new RoutingVerifier(routing), registry, log, hints::storeOrNull));
            submission = new LocalSubmission(config, spool, log, acls.expansionEnvironment(), ids,
                    Submitter.of(bounceSettings.originatorLogin(), bounceSettings.originatorUid(),
                            bounceSettings.originatorGid(), "")).withAcls(acls);
        }
        return submission;
    }

    int remoteMaxParallel() {
        return remoteMaxParallel;
    }

    @Override
    public synchronized void close() {
        if (remotePool != null) {
            remotePool.shutdownNow();
            remotePool = null;
        }
        hints.close();
    }
}
