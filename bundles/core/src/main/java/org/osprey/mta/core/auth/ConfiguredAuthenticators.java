package org.osprey.mta.core.auth;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.osprey.mta.core.config.AuthenticatorOptions;
import org.osprey.mta.core.config.ConfigValues;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverInstance;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.registry.Binding;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.kernel.auth.AuthStep;
import org.osprey.mta.kernel.auth.Authenticator;
import org.osprey.mta.kernel.auth.EximBase64;
import org.osprey.mta.kernel.auth.ServerExchange;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * The configuration's {@code begin authenticators} section at work: the server side of SMTP
 * AUTH (Exim's smtp_in_auth and the EHLO advertisement) and the list of client
 * authenticators for the smtp transport.
 *
 * <p>The engine does what Exim does around every driver: it finds the authenticator by
 * {@code public_name}, decodes the client's base64, stops on {@code *}, sends the driver's
 * challenges, judges the driver's strings with {@code server_condition} (with
 * {@code $auth1}..{@code $auth4} and {@code $1}.. set), expands {@code server_set_id}, and
 * picks Exim's reply and log texts. It never answers 235 unless server_condition (when
 * set) said yes and server_set_id (when set) expanded.
 *
 * <p>Instances are taken from the registry at each use, so a driver replaced while the MTA
 * runs serves the next AUTH; an instance whose driver is absent is neither advertised nor
 * accepted. Thread-safe: one per configuration, shared by all sessions.
 */
public final class ConfiguredAuthenticators implements ServerAuthentication {
    private static final System.Logger LOG = System.getLogger("org.osprey.mta.core.auth");
    /**
     * Drivers that Exim makes servers by {@code server_condition} alone (check_serv_cond.c):
     * they check nothing themselves, so without the condition they are no server at all.
     */
    private static final Set<String> SERVERS_BY_CONDITION = Set.of("plaintext", "gsasl");
    /** Exim's AUTH_VARS: $auth1 to $auth4. */
    private static final int AUTH_VARS = 4;
    private static final String DEFER_REPLY = "435 Unable to authenticate at present";
    private static final String FAIL_REPLY = "535 Incorrect authentication data";

    private final List<Entry> entries;
    private final DriverRegistry registry;
    private final ExpansionEngine engine;

    public ConfiguredAuthenticators(Configuration config, DriverRegistry registry, ExpansionEngine engine) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.engine = Objects.requireNonNull(engine, "engine");
        List<Entry> list = new ArrayList<>();
        for (DriverInstance instance : config.authenticators()) {
            list.add(Entry.of(instance));
        }
        this.entries = List.copyOf(list);
    }

    /** The authenticators of {@code config}, with an expansion engine of their own over {@code environment}. */
    public static ConfiguredAuthenticators of(Configuration config, DriverRegistry registry,
            ExpansionEnvironment environment) {
        return new ConfiguredAuthenticators(config, registry, new ExpansionEngine(environment));
    }

    @Override
    public List<String> mechanisms(ExpansionContext context) {
        List<String> names = new ArrayList<>();
        for (Entry e : entries) {
            if (server(e, context).isPresent() && advertised(e, context)) {
                names.add(e.publicName.toUpperCase(Locale.ROOT));
            }
        }
        return names;
    }

    @Override
    public AuthOutcome authenticate(String mechanism, String initialResponse, AuthDialog dialog,
            ExpansionContext context) throws IOException {
        for (Entry e : entries) {
            if (e.publicName.equalsIgnoreCase(mechanism)) {
                Optional<ServerExchange> exchange = server(e, context);
                if (exchange.isPresent() && advertised(e, context)) {
                    return run(e, exchange.get(), initialResponse, dialog, context);
                }
            }
        }
        return AuthOutcome.unsupported(mechanism);
    }

    /**
     * Whether an {@code AUTH=} on MAIL is honoured for a client that authenticated with this
     * authenticator: its {@code server_mail_auth_condition} is unset or true. When it is
     * not, Exim ignores the AUTH= value and logs
     * {@code ignoring AUTH=... (server_mail_auth_condition failed: authenticated ID="...")}.
     */
    @Override
    public boolean mailAuthAccepted(String authenticatorName, ExpansionContext context) {
        for (Entry e : entries) {
            if (e.name.equals(authenticatorName)) {
                return e.mailAuthCondition == null || checkCondition(e.mailAuthCondition, e, context);
            }
        }
        return true;
    }

    /** The authenticators that can act as clients now, in configuration order, for the smtp transport. */
    public List<ClientAuthenticator> clientAuthenticators() {
        List<ClientAuthenticator> clients = new ArrayList<>();
        for (Entry e : entries) {
            instance(e).filter(Authenticator::isClient).ifPresent(a -> clients.add(
                    new ClientAuthenticator(e.name, e.publicName, a, e.clientCondition, e.clientSetId)));
        }
        return clients;
    }

    private Optional<Authenticator> instance(Entry e) {
        return registry.authenticator(e.name).flatMap(Binding::instance);
    }

    /** A new server exchange, when the instance is present and a server (Exim's au->server). */
    private Optional<ServerExchange> server(Entry e, ExpansionContext context) {
        if (e.serverCondition == null && SERVERS_BY_CONDITION.contains(e.driver)) {
            return Optional.empty();
        }
        return instance(e).flatMap(a -> a.startServer(engine.expander(context)));
    }

    private boolean advertised(Entry e, ExpansionContext context) {
        return e.advertiseCondition == null || checkCondition(e.advertiseCondition, e, context);
    }

    /** Exim's expand_check_condition: a failed expansion is false, and logged unless forced or a lookup deferred. */
    private boolean checkCondition(String condition, Entry e, ExpansionContext context) {
        String value;
        try {
            value = engine.expander(context).expand(condition);
        } catch (ExpansionException x) {
            if (!x.isForcedFailure() && !x.isLookupDeferred()) {
                LOG.log(Level.ERROR, "failed to expand condition \"" + condition + "\" for " + e.name
                        + " authenticator: " + x.getMessage());
            }
            return false;
        }
        return !value.isEmpty() && !value.equals("0") && !value.equalsIgnoreCase("no")
                && !value.equalsIgnoreCase("false");
    }

    /** Exim's smtp_in_auth: the driver's steps, then server_condition and server_set_id, then the texts. */
    private AuthOutcome run(Entry e, ServerExchange exchange, String initialResponse, AuthDialog dialog,
            ExpansionContext context) throws IOException {
        byte[] data = null;
        if (initialResponse != null && !initialResponse.isEmpty()) {
            data = initialResponse.equals("=") ? new byte[0] : EximBase64.decode(initialResponse);
            if (data == null) {
                return refused(e, "501 Invalid base64 data");
            }
        }
        List<String> values = List.of();
        String driverId = null;
        Verdict verdict;
        while (true) {
            AuthStep step;
            try {
                step = exchange.next(data);
            } catch (RuntimeException | LinkageError x) {
                verdict = Verdict.defer(e.name + " authenticator driver failed: " + x, "");
                break;
            }
            if (step instanceof AuthStep.Challenge challenge) {
                String answer = dialog.challenge(EximBase64.encode(challenge.data()));
                if ("*".equals(answer)) {
                    return refused(e, "501 Authentication cancelled");
                }
                data = EximBase64.decode(answer == null ? "" : answer);
                if (data == null) {
                    return refused(e, "501 Invalid base64 data");
                }
            } else if (step instanceof AuthStep.Success success) {
                values = success.values();
                driverId = success.id();
                verdict = serverCondition(e, withAuthValues(context, values));
                break;
            } else if (step instanceof AuthStep.Failure) {
                verdict = Verdict.FAIL;
                break;
            } else {
                verdict = Verdict.defer(((AuthStep.Deferred) step).message(), "");
                break;
            }
        }
        return outcome(e, verdict, values, driverId, context);
    }

    /** The reply, log text and ids for a verdict, as the switch at the end of Exim's smtp_in_auth. */
    private AuthOutcome outcome(Entry e, Verdict verdict, List<String> values, String driverId,
            ExpansionContext context) {
        String setId = driverId;
        if (e.setId != null) {
            try {
                setId = engine.expander(withAuthValues(context, values)).expand(e.setId);
            } catch (ExpansionException x) {
                setId = null;
            }
        }
        if (setId != null) {
            setId = Printing.of(setId);
        }
        Map<String, String> variables = authVariables(values);
        if (verdict.ok) {
            if (e.setId == null || setId != null) {
                return new AuthOutcome("235 Authentication succeeded", true, setId, e.name, variables, null);
            }
            // Authenticated, but server_set_id failed: a temporary error, which Exim does not log.
            return new AuthOutcome(DEFER_REPLY + verdict.userMessage, false, null, e.name, variables, null);
        }
        String logged = setId == null || setId.isEmpty() ? "" : " (set_id=" + setId + ")";
        if (verdict.deferMessage != null) {
            return new AuthOutcome(DEFER_REPLY + verdict.userMessage, false, setId, e.name, variables,
                    DEFER_REPLY + logged + ": " + verdict.deferMessage);
        }
        return new AuthOutcome(FAIL_REPLY, false, setId, e.name, variables, FAIL_REPLY + logged);
    }

    private static AuthOutcome refused(Entry e, String reply) {
        return new AuthOutcome(reply, false, null, e.name, Map.of(), reply);
    }

    /** Exim's auth_check_serv_cond, after server_debug_print. */
    private Verdict serverCondition(Entry e, ExpansionContext context) {
        if (e.debugPrint != null && LOG.isLoggable(Level.DEBUG)) {
            try {
                String text = engine.expander(context).expand(e.debugPrint);
                LOG.log(Level.DEBUG, e.name + " authenticator: " + text);
            } catch (ExpansionException x) {
                LOG.log(Level.DEBUG, e.name + " authenticator: server_debug_print failed: " + x.getMessage());
            }
        }
        if (e.serverCondition == null) {
            return Verdict.OK;
        }
        String value;
        try {
            value = engine.expander(context).expand(e.serverCondition);
        } catch (ExpansionException x) {
            // A forced failure is a "no"; any other failure is the server's problem: try later.
            return x.isForcedFailure() ? Verdict.FAIL : Verdict.defer(x.getMessage(), "");
        }
        if (value.isEmpty() || value.equals("0") || value.equalsIgnoreCase("no") || value.equalsIgnoreCase("false")) {
            return Verdict.FAIL;
        }
        if (value.equals("1") || value.equalsIgnoreCase("yes") || value.equalsIgnoreCase("true")) {
            return Verdict.OK;
        }
        // Anything else defers, and the client is told why.
        return Verdict.defer(value, ": " + value);
    }

    /** $auth1..$auth4 from the first strings, $1.. from all, as Exim leaves them for server_condition and server_set_id. */
    private static ExpansionContext withAuthValues(ExpansionContext context, List<String> values) {
        Map<String, String> auth = new HashMap<>();
        for (int i = 0; i < AUTH_VARS; i++) {
            auth.put("auth" + (i + 1), i < values.size() ? values.get(i) : null);
        }
        return context.with(auth).withNumbered(values);
    }

    private static Map<String, String> authVariables(List<String> values) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(AUTH_VARS, values.size()); i++) {
            variables.put("auth" + (i + 1), values.get(i));
        }
        return variables;
    }

    /**
     * What the driver and server_condition decided: OK, FAIL, or DEFER with the message for
     * the log and the one for the client (": text" when server_condition gave a text).
     */
    private record Verdict(boolean ok, String deferMessage, String userMessage) {
        static final Verdict OK = new Verdict(true, null, "");
        static final Verdict FAIL = new Verdict(false, null, "");

        static Verdict defer(String logMessage, String userMessage) {
            return new Verdict(false, logMessage, userMessage);
        }
    }

    /** One authenticator of the configuration: its name, driver and generic options. */
    private record Entry(String name, String driver, String publicName, String serverCondition,
            String advertiseCondition, String setId, String mailAuthCondition, String debugPrint,
            String clientCondition, String clientSetId) {

        static Entry of(DriverInstance instance) {
            ConfigValues g = instance.generic();
            return new Entry(instance.name(), instance.driverName(), g.get(AuthenticatorOptions.PUBLIC_NAME),
                    g.get(AuthenticatorOptions.SERVER_CONDITION), g.get(AuthenticatorOptions.SERVER_ADVERTISE_CONDITION),
                    g.get(AuthenticatorOptions.SERVER_SET_ID), g.get(AuthenticatorOptions.SERVER_MAIL_AUTH_CONDITION),
                    g.get(AuthenticatorOptions.SERVER_DEBUG_PRINT), g.get(AuthenticatorOptions.CLIENT_CONDITION),
                    g.get(AuthenticatorOptions.CLIENT_SET_ID));
        }
    }
}
