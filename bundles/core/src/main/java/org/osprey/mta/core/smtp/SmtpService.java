package org.osprey.mta.core.smtp;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.osprey.mta.core.route.Routing;
import org.osprey.mta.core.acl.AclEngine;
import org.osprey.mta.core.auth.ServerAuthentication;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.hints.HintsStore;
import org.osprey.mta.core.log.LogWriter;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.core.receive.ProcessIds;
import org.osprey.mta.core.spool.MessageId;
import org.osprey.mta.core.spool.MessageIdGenerator;
import org.osprey.mta.core.spool.Spool;
import org.osprey.mta.core.tls.TlsServer;

/**
 * What all SMTP sessions of one configuration share: the configuration, logs, expansion
 * environment, spool and id generator, the ACL engine, TLS and AUTH, the rewrite rules, and the callbacks by
 * which a session starts work elsewhere (a delivery for each accepted message, a queue run
 * for ETRN). Immutable; made with {@link #builder}. Sessions only read it, from many threads.
 */
public final class SmtpService {

    /** Told of each message a session has put on the spool (after its 250 reply). */
    @FunctionalInterface
    public interface AcceptedMessages {
        /**
         * @param queueOnly true when the message is only to be queued (queue_only, control =
         *        queue_only, or the connection's {@link ClientConnection#queueOnly()})
         */
        void accepted(MessageId id, boolean queueOnly);

        AcceptedMessages NONE = (id, queueOnly) -> { };
    }

    /** Starts a queue run for ETRN {@code #selector}, as {@code -R selector} would, without waiting for it. */
    @FunctionalInterface
    public interface QueueRunStarter {
        /**
         * @param finished to be run once the queue run has ended (it releases the ETRN
         *        serialisation), also when it fails later
         * @return false when the run could not be started (Exim's "458 Unable to fork process");
         *         {@code finished} is then not run
         */
        boolean start(String selector, Runnable finished);

        QueueRunStarter NONE = (selector, finished) -> false;
    }

    /**
     * The user the -H file names as the message's originator for SMTP input (Exim's own user
     * for the daemon; the caller for -bs).
     */
    public record Originator(String login, long uid, long gid) {
    }

    private final Configuration config;
    private final LogWriter log;
    private final ExpansionEnvironment environment;
    private final Spool spool;
    private final MessageIdGenerator ids;
    private final AclEngine acl;
    private final Optional<TlsServer> tls;
    private final ServerAuthentication auth;
    private final AcceptedMessages accepted;
    private final QueueRunStarter queueRuns;
    private final Originator originator;
    private final Supplier<HintsStore> hints;
    private final Rewriter rewriter;
    private final Optional<Routing> routing;

    private SmtpService(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.log = Objects.requireNonNull(b.log, "log");
        this.environment = Objects.requireNonNull(b.environment, "environment");
        this.spool = b.spool != null ? b.spool : Spool.of(b.config);
        this.ids = Objects.requireNonNull(b.ids, "ids");
        this.acl = b.acl;
        this.tls = b.tls;
        this.auth = b.auth;
        this.accepted = b.accepted;
        this.queueRuns = b.queueRuns;
        this.hints = b.hints;
        this.routing = b.routing;
        this.rewriter = b.rewriter != null ? b.rewriter : Rewriter.of(b.config, new ExpansionEngine(b.environment));
        this.originator = b.originator != null ? b.originator : new Originator(System.getProperty("user.name"),
                ProcessIds.uid(0), ProcessIds.gid(0));
    }

    public static Builder builder(Configuration config, LogWriter log, ExpansionEnvironment environment,
            MessageIdGenerator ids) {
        return new Builder(config, log, environment, ids);
    }

    public Configuration config() {
        return config;
    }

    public LogWriter log() {
        return log;
    }

    public ExpansionEnvironment environment() {
        return environment;
    }

    public Spool spool() {
        return spool;
    }

    public MessageIdGenerator ids() {
        return ids;
    }

    public AclEngine acl() {
        return acl;
    }

    public Optional<TlsServer> tls() {
        return tls;
    }

    public ServerAuthentication auth() {
        return auth;
    }

    public AcceptedMessages accepted() {
        return accepted;
    }

    public QueueRunStarter queueRuns() {
        return queueRuns;
    }

    public Originator originator() {
        return originator;
    }

    /** The rewrite section's rules: S at MAIL and RCPT, the envelope and headers once a message is in. */
    public Rewriter rewriter() {
        return rewriter;
    }

    /** The hints store for smtp_etrn_serialize (the misc database), if there is one; opened when first asked for. */
    public Optional<HintsStore> hints() {
        return Optional.ofNullable(hints.get());
    }

    /** The routers, for VRFY and EXPN; without them those commands cannot answer on an address. */
    public Optional<Routing> routing() {
        return routing;
    }

    /** Builds an {@link SmtpService}; ACLs, TLS, AUTH and the callbacks default to none. */
    public static final class Builder {
        private final Configuration config;
        private final LogWriter log;
        private final ExpansionEnvironment environment;
        private final MessageIdGenerator ids;
        private Spool spool;
        private AclEngine acl = AclEngine.NONE;
        private Optional<TlsServer> tls = Optional.empty();
        private ServerAuthentication auth = ServerAuthentication.NONE;
        private AcceptedMessages accepted = AcceptedMessages.NONE;
        private QueueRunStarter queueRuns = QueueRunStarter.NONE;
        private Originator originator;
        private Supplier<HintsStore> hints = () -> null;
        private Rewriter rewriter;
        private Optional<Routing> routing = Optional.empty();

        private Builder(Configuration config, LogWriter log, ExpansionEnvironment environment,
                MessageIdGenerator ids) {
            this.config = config;
            this.log = log;
            this.environment = environment;
            this.ids = ids;
        }

        /** The spool; by default the configuration's ({@code spool_directory}). */
        public Builder spool(Spool s) {
            this.spool = s;
            return this;
        }

        public Builder acl(AclEngine engine) {
            this.acl = Objects.requireNonNull(engine);
            return this;
        }

        public Builder tls(Optional<TlsServer> server) {
            this.tls = Objects.requireNonNull(server);
            return this;
        }

        public Builder auth(ServerAuthentication a) {
            this.auth = Objects.requireNonNull(a);
            return this;
        }

        public Builder accepted(AcceptedMessages a) {
            this.accepted = Objects.requireNonNull(a);
            return this;
        }

        public Builder queueRuns(QueueRunStarter q) {
            this.queueRuns = Objects.requireNonNull(q);
            return this;
        }

        /**
         * The hints store whose misc database serialises ETRN runs, asked for when first needed;
         * when it supplies null the runs are not serialised.
         */
        public Builder hints(Supplier<HintsStore> store) {
            this.hints = Objects.requireNonNull(store);
            return this;
        }

        /** The rewriter; by default the configuration's rewrite section over the service's expansion environment. */
        public Builder rewriter(Rewriter r) {
            this.rewriter = Objects.requireNonNull(r);
            return this;
        }

        /** The configuration's routers, which VRFY and EXPN route with. */
        public Builder routing(Routing r) {
            this.routing = Optional.of(r);
            return this;
        }

        public Builder originator(Originator o) {
            this.originator = o;
            return this;
        }

        public SmtpService build() {
            return new SmtpService(this);
        }
    }
}
