package org.osprey.mta.core.config;

import java.util.List;
import java.util.Locale;
import org.osprey.mta.core.registry.DriverKind;

/**
 * What Exim does with a section of driver instances once it has been read: each driver's
 * own initialisation (the defaults it gives to generic options), then the checks of
 * route_init, transport_init and auths_init (a transport where the router needs one,
 * a valid {@code self}, {@code pass_router} and {@code redirect_router} naming routers,
 * a shadow transport only on a local transport, a public name for every authenticator),
 * with Exim's messages. Never looks at a driver's private options beyond their names, but for
 * the redirect router's {@code one_time}, whose checks (in Exim's redirect_router_init) are
 * of generic options.
 */
final class DriverChecks {
    private DriverChecks() {
    }

    /** A driver's initialisation, when its block ends. */
    static void initialise(DriverInstance instance) {
        ConfigValues generic = instance.generic();
        String driver = instance.driverName();
        switch (instance.kind()) {
            case ROUTER -> {
                if (!generic.isSet(RouterOptions.LOG_AS_LOCAL)) {
                    generic.put(RouterOptions.LOG_AS_LOCAL, DriverFacts.routerLogsAsLocal(driver));
                }
            }
            case TRANSPORT -> {
                if (!generic.isSet(TransportOptions.RETRY_USE_LOCAL_PART)) {
                    generic.put(TransportOptions.RETRY_USE_LOCAL_PART,
                            DriverFacts.transportRetriesUseLocalPart(driver));
                }
            }
            case AUTHENTICATOR -> {
                if (generic.get(AuthenticatorOptions.PUBLIC_NAME) == null
                        && DriverFacts.authenticatorNamedAfterInstance(driver)) {
                    generic.put(AuthenticatorOptions.PUBLIC_NAME, instance.name());
                }
            }
            default -> throw new IllegalArgumentException(instance.kind().toString());
        }
    }

    /** The checks Exim makes once the whole section has been read. */
    static void afterSection(DriverKind kind, List<DriverInstance> instances) throws ConfigException {
        switch (kind) {
            case ROUTER -> routers(instances);
            case TRANSPORT -> transports(instances);
            case AUTHENTICATOR -> authenticators(instances);
            default -> throw new IllegalArgumentException(kind.toString());
        }
    }

    private static void routers(List<DriverInstance> routers) throws ConfigException {
        for (DriverInstance r : routers) {
            ConfigValues g = r.generic();
            String driver = r.driverName();
            boolean hasTransport = g.get(RouterOptions.TRANSPORT) != null;
            if (DriverFacts.routerNeedsTransport(driver) && !hasTransport && !g.get(RouterOptions.VERIFY_ONLY)) {
                throw ConfigException.general(r.name() + " router:\n  a transport is required for this router");
            }
            if (DriverFacts.routerRefusesTransport(driver) && hasTransport) {
                throw ConfigException.general(r.name() + " router:\n  a transport must not be defined for this router");
            }
            self(r);
            oneTime(r);
            if (!g.isSet(RouterOptions.RETRY_USE_LOCAL_PART)) {
                g.put(RouterOptions.RETRY_USE_LOCAL_PART, g.get(RouterOptions.CHECK_LOCAL_USER)
                        || g.get(RouterOptions.LOCAL_PARTS) != null || g.get(RouterOptions.CONDITION) != null
                        || g.get(RouterOptions.LOCAL_PART_PREFIX) != null
                        || g.get(RouterOptions.LOCAL_PART_SUFFIX) != null || g.get(RouterOptions.SENDERS) != null
                        || g.get(RouterOptions.REQUIRE_FILES) != null);
            }
            String redirect = g.get(RouterOptions.REDIRECT_ROUTER);
            if (redirect != null) {
                newRouter(routers, r, redirect, false);
            }
            String pass = g.get(RouterOptions.PASS_ROUTER);
            if (pass != null) {
                newRouter(routers, r, pass, true);
            }
        }
    }

    /** Exim's redirect_router_init: a one_time redirection may not change headers nor be unseen. */
    private static void oneTime(DriverInstance r) throws ConfigException {
        if (!r.privateSetting("one_time").map(s -> s.value().equals("true")).orElse(false)) {
            return;
        }
        ConfigValues g = r.generic();
        if (g.get(RouterOptions.HEADERS_ADD) != null || g.get(RouterOptions.HEADERS_REMOVE) != null) {
            throw ConfigException.forWhat(r.name()
                    + " router:\n  \"headers_add\" and \"headers_remove\" are not permitted with \"one_time\"");
        }
        BoolOrExpansion unseen = g.get(RouterOptions.UNSEEN);
        if (unseen.expansion() != null || unseen.value()) {
            throw ConfigException.forWhat(r.name() + " router:\n  \"unseen\" may not be used with \"one_time\"");
        }
    }

    /**
     * Exim's decoding of {@code self}; {@code reroute:} keeps only the domain after it, and a
     * {@code rewrite:} before the domain sets {@link DriverInstance#selfRewrite()}.
     */
    private static void self(DriverInstance r) throws ConfigException {
        String s = r.generic().get(RouterOptions.SELF);
        switch (s) {
            case "freeze", "defer", "send", "pass", "fail" -> {
                return;
            }
            default -> {
                if (!s.startsWith("reroute:")) {
                    throw ConfigException.forWhat(r.name() + " router:\n  " + s + " is not valid for the self option");
                }
            }
        }
        int p = AsciiChars.skipSpace(s, 8);
        if (s.startsWith("rewrite:", p)) {
            r.selfRewrite(true);
            p = AsciiChars.skipSpace(s, p + 8);
        }
        r.generic().put(RouterOptions.SELF, s.substring(p));
    }

    /** Exim's set_router: the named router must exist and, for pass_router, come later. */
    private static void newRouter(List<DriverInstance> routers, DriverInstance r, String name, boolean after)
            throws ConfigException {
        boolean afterThis = false;
        for (DriverInstance rr : routers) {
            if (rr.name().equals(name)) {
                if (after && !afterThis) {
                    throw ConfigException.general("new_router \"" + name + "\" does not follow \"" + r.name()
                            + "\" router");
                }
                return;
            }
            if (rr == r) {
                afterThis = true;
            }
        }
        throw ConfigException.general("new_router \"" + name + "\" not found for \"" + r.name() + "\" router");
    }

    private static void transports(List<DriverInstance> transports) throws ConfigException {
        for (DriverInstance t : transports) {
            ConfigValues g = t.generic();
            if (!DriverFacts.transportIsLocal(t.driverName()) && g.get(TransportOptions.SHADOW_TRANSPORT) != null) {
                throw ConfigException.general("shadow transport not allowed on non-local transport " + t.name());
            }
            if (g.get(TransportOptions.BODY_ONLY) && g.get(TransportOptions.HEADERS_ONLY)) {
                throw ConfigException.general(t.name()
                        + " transport: body_only and headers_only are mutually exclusive");
            }
        }
    }

    private static void authenticators(List<DriverInstance> auths) throws ConfigException {
        for (int i = 0; i < auths.size(); i++) {
            DriverInstance au = auths.get(i);
            String publicName = au.generic().get(AuthenticatorOptions.PUBLIC_NAME);
            if (publicName == null) {
                throw ConfigException.general("no public name specified for the " + au.name() + " authenticator");
            }
            for (int j = i + 1; j < auths.size(); j++) {
                DriverInstance bu = auths.get(j);
                String other = bu.generic().get(AuthenticatorOptions.PUBLIC_NAME);
                if (other == null || !publicName.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                boolean bothClients = isClient(au) && isClient(bu);
                if (bothClients || isServer(au) && isServer(bu)) {
                    throw ConfigException.general("two " + (bothClients ? "client" : "server") + " authenticators ("
                            + au.name() + " and " + bu.name() + ") have the same public name (" + publicName + ")");
                }
            }
        }
    }

    /** Whether the authenticator acts as a client: Exim's drivers decide by their client_ options. */
    private static boolean isClient(DriverInstance au) {
        return au.privateOptions().stream().anyMatch(s -> s.name().startsWith("client_"));
    }

    /** Whether the authenticator acts as a server: its server_condition or a server_ option is set. */
    private static boolean isServer(DriverInstance au) {
        return au.generic().get(AuthenticatorOptions.SERVER_CONDITION) != null
                || au.privateOptions().stream().anyMatch(s -> s.name().startsWith("server_"));
    }
}
