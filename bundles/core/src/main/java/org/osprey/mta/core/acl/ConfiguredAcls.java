package org.osprey.mta.core.acl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.osprey.mta.core.config.AclDefinition;
import org.osprey.mta.core.config.ConfigException;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.AclRunner;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;

/**
 * The ACL engine of one configuration: the ACLs of {@code begin acl}, parsed when the
 * configuration is loaded (a bad one is a configuration error, as in Exim), run for the SMTP
 * session and local submissions, and for {@code ${acl}} and the {@code acl} expansion
 * condition through {@link #aclRunner()}. ACLs named by file are read once and kept; ACL text
 * in an option is parsed each time it is used. Thread-safe: each check has its own state.
 */
public final class ConfiguredAcls implements AclEngine {
    private final Configuration config;
    private final AclServices services;
    private final Map<String, Acl> named;
    private final Map<String, Acl> files = new ConcurrentHashMap<>();
    private final AclParser parser;
    private final ExpansionEnvironment environment;
    private final ExpansionEngine engine;
    private final RateLimiter rateLimiter;
    private final ThreadLocal<AclRun> current = new ThreadLocal<>();
    private final AclRunner runner = new Runner();

    private ConfiguredAcls(Configuration config, AclServices services, Map<String, Acl> named, AclParser parser) {
        this.config = config;
        this.services = services;
        this.named = named;
        this.parser = parser;
        this.environment = services.environment().withAclRunner(runner);
        this.engine = new ExpansionEngine(environment);
        this.rateLimiter = new RateLimiter(services.hints(), services.clock());
    }

    /**
     * Parses every ACL of the configuration.
     *
     * @throws ConfigException Exim's "error in ACL: ..." for the first ACL that does not parse,
     *         with its line
     */
    public static ConfiguredAcls of(Configuration config, AclServices services) throws ConfigException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(services, "services");
        AclParser parser = new AclParser(name -> services.drivers().condition(name).isPresent());
        Map<String, Acl> named = new LinkedHashMap<>();
        for (AclDefinition d : config.acls().values()) {
            try {
                named.put(d.name(), parser.parse("ACL \"" + d.name() + "\"", d.lines()));
            } catch (AclSyntaxException e) {
                throw ConfigException.inLine(e.location(), "error in ACL: " + e.getMessage());
            }
        }
        return new ConfiguredAcls(config, services, named, parser);
    }

    @Override
    public AclResult run(AclWhere where, AclSubject subject) {
        String option = MainOptions.TABLE.find(where.option())
                .map(o -> config.get((ConfigOption<?>) o)).map(String::valueOf).orElse(null);
        if (option == null) {
            return null;
        }
        AclRun run = new AclRun(this, AclPlace.of(where), subject);
        AclRun.Messages msgs = new AclRun.Messages();
        AclRun previous = current.get();
        current.set(run);
        try {
            return run.result(run.check(option, msgs), msgs);
        } finally {
            restore(previous);
        }
    }

    /** Runs the ACL (or ACL text) {@code acl} at {@code where} as if it were the option's value. */
    public AclResult runText(AclWhere where, String acl, AclSubject subject) {
        AclRun run = new AclRun(this, AclPlace.of(where), subject);
        AclRun.Messages msgs = new AclRun.Messages();
        AclRun previous = current.get();
        current.set(run);
        try {
            return run.result(run.check(acl, msgs), msgs);
        } finally {
            restore(previous);
        }
    }

    /** What {@code ${acl}} and the {@code acl} condition call. */
    public AclRunner aclRunner() {
        return runner;
    }

    /** The services' expansion environment with this engine as its ACL runner. */
    public ExpansionEnvironment expansionEnvironment() {
        return environment;
    }

    /** The names of the ACLs of {@code begin acl}, in order. */
    public List<String> names() {
        return List.copyOf(named.keySet());
    }

    private void restore(AclRun previous) {
        if (previous == null) {
            current.remove();
        } else {
            current.set(previous);
        }
    }

    /** An ACL by name, from a file, or parsed from text, as Exim's acl_check_internal finds it. */
    Acl find(String text) throws AclSyntaxException {
        if (text.indexOf(' ') < 0) {
            if (named.containsKey(text)) {
                return named.get(text);
            }
            if (text.startsWith("/")) {
                Acl acl = files.get(text);
                if (acl == null) {
                    String content;
                    try {
                        content = new String(Files.readAllBytes(Path.of(text)), StandardCharsets.ISO_8859_1);
                    } catch (NoSuchFileException e) {
                        throw new AclSyntaxException("failed to open ACL file \"" + text
                                + "\": No such file or directory", null);
                    } catch (IOException e) {
                        throw new AclSyntaxException("failed to read ACL file \"" + text + "\": " + e.getMessage(),
                                null);
                    }
                    acl = parser.parse("ACL \"" + text + "\"", InlineAclText.lines(content, text));
                    files.put(text, acl);
                }
                return acl;
            }
        }
        return parser.parse("inline ACL", InlineAclText.lines(text, "inline ACL"));
    }

    Configuration config() {
        return config;
    }

    AclServices services() {
        return services;
    }

    ExpansionEngine engine() {
        return engine;
    }

    RateLimiter rateLimiter() {
        return rateLimiter;
    }

    /** smtp_return_error_details: a DEFER's reason may be shown to the client. */
    boolean returnErrorDetails() {
        return Boolean.TRUE.equals(config.get(MainOptions.SMTP_RETURN_ERROR_DETAILS));
    }

    /** The acl_warn_skipped log selector, on by default. */
    boolean logWarnSkipped() {
        String selector = config.get(MainOptions.LOG_SELECTOR);
        if (selector == null) {
            return true;
        }
        int minus = selector.lastIndexOf("-acl_warn_skipped");
        int plus = selector.lastIndexOf("+acl_warn_skipped");
        int all = Math.max(selector.lastIndexOf("-all"), -1);
        return plus > minus || (minus < 0 && all < 0);
    }

    /** ${acl} and the acl condition: inside an ACL they share its check; outside, they run on their own. */
    private final class Runner implements AclRunner {
        @Override
        public Result run(String name, List<String> arguments) {
            return run(name, arguments, ExpansionContext.empty());
        }

        @Override
        public Result run(String name, List<String> arguments, ExpansionContext context) {
            AclRun run = current.get();
            boolean own = run == null;
            if (own) {
                run = new AclRun(ConfiguredAcls.this, AclPlace.UNKNOWN,
                        new SimpleAclSubject(context, null, null, false, new AclControls()));
                current.set(run);
            }
            try {
                AclRun.Messages msgs = new AclRun.Messages();
                AclVerb.Outcome rc = run.eval(name, arguments, msgs);
                Verdict verdict = switch (rc) {
                    case OK -> Verdict.OK;
                    case DISCARD -> Verdict.DISCARD;
                    case FAIL -> Verdict.FAIL;
                    case FAIL_DROP -> Verdict.FAIL_DROP;
                    case DEFER -> Verdict.DEFER;
                    case ERROR -> Verdict.ERROR;
                };
                return new Result(verdict, msgs.user);
            } finally {
                if (own) {
                    current.remove();
                }
            }
        }
    }

}
