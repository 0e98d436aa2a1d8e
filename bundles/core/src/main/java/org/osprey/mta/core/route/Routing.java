package org.osprey.mta.core.route;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.osprey.mta.core.log.DebugOutput;
import org.osprey.mta.core.config.BoolOrExpansion;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.ConfigValues;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.DriverInstance;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.config.RouterOptions;
import org.osprey.mta.core.dns.DnsClient;
import org.osprey.mta.core.dns.DnsHostFinder;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.lists.ListMatching;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.core.registry.ConfiguredTransport;
import org.osprey.mta.core.registry.ConfiguredRouter;
import org.osprey.mta.core.registry.DriverRegistry;
import org.osprey.mta.core.rewrite.AddressField;
import org.osprey.mta.core.rewrite.RewriteLog;
import org.osprey.mta.core.rewrite.Rewriter;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.NewAddress;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * The router chain: routes one address through the configured routers in order, as Exim
 * 4.96's route_address does, and routes the child addresses of a redirection in turn.
 *
 * <p>For each router the engine itself handles every generic option: loop detection (an
 * address whose ancestor has the same address and was handled by this router skips it; with
 * the redirect router's {@code no_repeat_use}, any ancestor handled by it),
 * the local part's case and affixes, then the preconditions in Exim's order (verify_only,
 * address_test, verify_sender/verify_recipient, expn, domains, local_parts,
 * check_local_user, router_home_directory, senders, require_files, condition), then
 * {@code set} and {@code address_data}; only then is the driver called. After the driver:
 * fail_verify, pass_router, more, errors_to, headers_add, headers_remove, transport and
 * unseen. Child addresses inherit address_data, errors_to and the header changes, start at
 * the first router (or {@code redirect_router}), and are routed last first, as Exim takes
 * them from its new-address chain; of addresses routed to the same place the first routed
 * is kept and the others are marked duplicate.
 *
 * <p>Never fails an address for a fault of its own or of a driver: a missing driver, an
 * exception or a broken expansion defers it. Not thread-confined: one instance serves any
 * number of threads, each call works on its own state.
 *
 * <p>What a driver asks of the engine while it runs: the hosts behind a name (the
 * configuration's {@link DnsHostFinder} with the router's {@code ignore_target_hosts}), the
 * {@code self} option when this host is the lowest MX (Exim's rf_self_action), a change of
 * domain (rf_change_domain: a child routed from the first router; when the router asks for
 * the headers to follow, with dnslookup's {@code rewrite_headers} or {@code self =
 * reroute:rewrite:}, the outcome carries the {@link RoutingOutcome.HeaderRewrite} and the
 * delivery rewrites the message's headers), and the report of the syntax errors a redirection
 * skipped (logged, and handed to the delivery's {@link Reports} for the {@code syntax_errors_to}
 * message). A failure may come with children (the addresses before a {@code :fail:}), which are
 * routed as a redirection's are. A deferral after a host lookup that did not complete becomes a
 * pass with {@code pass_on_timeout}.
 *
 * <p>Not done here: {@code translate_ip_address}
 * (not in Exim 4.96 as built by Debian, nor in the option table); and the
 * uid/gid/initgroups options, which transports use.
 */
public final class Routing {
    /** Exim's long stop on the length of a chain of parents. */
    private static final int MAX_ANCESTORS = 100;

    private final Configuration config;
    private final DriverRegistry registry;
    private final ExpansionEngine engine;
    private final ExpansionEnvironment environment;
    private final Passwd passwd;
    private final RequireFiles requireFiles;
    private final List<DriverInstance> routers;
    private final Map<String, Integer> index = new HashMap<>();
    private final DnsClient dns;
    private final Consumer<String> mainLog;
    /** The host finder, made when a router first asks for hosts (reading /etc/resolv.conf then). */
    private volatile DnsHostFinder finder;
    private volatile Rewriter rewriter;

    /**
     * @param config the configuration whose routers are run
     * @param registry the drivers the configuration's instances are bound to
     * @param engine the expansion engine of this configuration
     * @param environment the environment {@code engine} was made with (named lists, lookups)
     * @param passwd the users {@code check_local_user} and {@code require_files} see
     */
    public Routing(Configuration config, DriverRegistry registry, ExpansionEngine engine,
            ExpansionEnvironment environment, Passwd passwd) {
        this(config, registry, engine, environment, passwd, null, line -> { });
    }

    private Routing(Configuration config, DriverRegistry registry, ExpansionEngine engine,
            ExpansionEnvironment environment, Passwd passwd, DnsClient dns, Consumer<String> mainLog) {
        this.dns = dns;
        this.mainLog = Objects.requireNonNull(mainLog, "mainLog");
        this.config = Objects.requireNonNull(config, "config");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.environment = Objects.requireNonNull(environment, "environment");
        this.passwd = Objects.requireNonNull(passwd, "passwd");
        this.requireFiles = new RequireFiles(passwd);
        this.routers = List.copyOf(config.routers());
        for (int i = 0; i < routers.size(); i++) {
            index.put(routers.get(i).name(), i);
        }
    }

    /**
     * The same chain with its routers' hosts found through {@code client} instead of the
     * resolvers of /etc/resolv.conf (the main options that shape host finding still apply).
     */
    public Routing withDns(DnsClient client) {
        return new Routing(config, registry, engine, environment, passwd, Objects.requireNonNull(client), mainLog);
    }

    /**
     * The same chain writing the lines Exim writes to the main log while routing outside a
     * delivery ({@code self = freeze}: "lowest numbered MX record points to local host: DOMAIN
     * (while routing <ADDRESS>)") to {@code log}; during a delivery the delivery logs them.
     */
    public Routing logTo(Consumer<String> log) {
        return new Routing(config, registry, engine, environment, passwd, dns, log);
    }

    /** The rewrite section's rules, for the addresses redirections generate and -bt's; made when first needed. */
    Rewriter rewriter() {
        Rewriter r = rewriter;
        if (r == null) {
            r = Rewriter.of(config, engine);
            rewriter = r;
        }
        return r;
    }

    /**
     * The host finder of this configuration, for the hosts a transport names itself (the smtp
     * transport's {@code hosts} and {@code fallback_hosts}).
     */
    public HostFinder hostFinder() {
        return finder();
    }

    /**
     * A router's {@code fallback_hosts} as Exim's host_build_hostlist reads it: names or IP
     * addresses, each optionally with a port ({@code name:port}, {@code [address]:port}),
     * not looked up; the transport looks them up when it comes to them.
     */
    static List<Host> fallbackHosts(String list) {
        if (list == null || list.isBlank()) {
            return List.of();
        }
        List<Host> hosts = new ArrayList<>();
        for (String item : ListReader.items(list)) {
            String name = item;
            int port = Host.DEFAULT_PORT;
            java.util.regex.Matcher m = HOST_PORT.matcher(item);
            if (m.matches()) {
                name = m.group(1) != null ? m.group(1) : m.group(2);
                port = Integer.parseInt(m.group(3));
            } else if (item.startsWith("[") && item.endsWith("]")) {
                name = item.substring(1, item.length() - 1);
            }
            hosts.add(new Host(name, null, port, Host.NO_MX, org.osprey.mta.kernel.model.HostStatus.UNKNOWN));
        }
        return hosts;
    }

    /** {@code [address]:port} or {@code name:port} (a name without colons). */
    private static final java.util.regex.Pattern HOST_PORT =
            java.util.regex.Pattern.compile("(?:\\[([^\\]]+)\\]|([^:\\[]+)):(\\d+)");

    private DnsHostFinder finder() {
        DnsHostFinder f = finder;
        if (f == null) {
            f = RouterDns.finder(config, engine, environment, dns);
            finder = f;
        }
        return f;
    }

    /** A chain with its own engine over {@code environment} and the system's users. */
    public static Routing of(Configuration config, DriverRegistry registry, ExpansionEnvironment environment) {
        return new Routing(config, registry, new ExpansionEngine(environment), environment, Passwd.system());
    }

    /**
     * Routes {@code address} and, when it is redirected, its descendants.
     *
     * @param address a top-level address (its parent, if any, is ignored)
     */
    public RoutingOutcome route(Address address, RoutingRequest request) {
        Run run = new Run(request);
        try {
            return run.route(new Node(address, null, Props.NONE, 0));
        } catch (RuntimeException e) {
            // A fault of the engine or of a list or lookup: defer, never fail or lose.
            return new RoutingOutcome.Deferred(address, null, "routing failed: " + e);
        }
    }

    /**
     * Routes the recipients of one message together, so that an address reached from two of
     * them (two aliases naming one mailbox) is delivered once: every routed address after the
     * first with the same destination is marked {@linkplain RoutingOutcome.Routed#duplicate()
     * duplicate}. {@code -bt} routes each address on its own, with {@link #route}.
     */
    public List<RoutingOutcome> routeAll(List<Address> addresses, RoutingRequest request) {
        return routeAll(addresses, request, null);
    }

    /**
     * {@link #routeAll(List, RoutingRequest)} for a delivery, which takes the main-log lines
     * routing writes and the messages it asks to be sent (the redirect router's
     * {@code syntax_errors_to}).
     *
     * @param reports where they go, or null for the main log of {@link #logTo} and no messages
     */
    public List<RoutingOutcome> routeAll(List<Address> addresses, RoutingRequest request, Reports reports) {
        Run run = new Run(request, reports);
        List<RoutingOutcome> outcomes = new ArrayList<>();
        for (Address address : addresses) {
            try {
                outcomes.add(run.route(new Node(address, null, Props.NONE, 0)));
            } catch (RuntimeException e) {
                outcomes.add(new RoutingOutcome.Deferred(address, null, "routing failed: " + e));
            }
        }
        return outcomes;
    }

    /** What routing reports to the delivery it routes for. */
    public interface Reports {
        /** A line for the main log, about the message being delivered. */
        void log(String line);

        /**
         * Exim's moan_skipped_syntax_errors message, to be submitted: the errors a router's
         * {@code skip_syntax_errors} skipped (already logged), for {@code to}.
         *
         * @param router the router's name
         * @param to {@code syntax_errors_to}, expanded
         * @param text {@code syntax_errors_text}, expanded, or null
         * @param someGenerated whether the redirection gave addresses all the same
         */
        void syntaxErrors(String router, String to, String text, List<RoutingContext.SyntaxError> errors,
                boolean someGenerated);
    }

    /** What a child inherits from the address it came from (Exim's address_item_propagated). */
    private record Props(String addressData, String errorsTo, List<String> headersAdd, List<String> headersRemove,
            Map<String, String> variables) {
        static final Props NONE = new Props(null, null, List.of(), List.of(), Map.of());

        Props withAddressData(String value) {
            return new Props(value, errorsTo, headersAdd, headersRemove, variables);
        }

        Props withErrorsTo(String value) {
            return new Props(addressData, value, headersAdd, headersRemove, variables);
        }

        Props withHeaders(List<String> add, List<String> remove) {
            return new Props(addressData, errorsTo, add, remove, variables);
        }

        Props withVariables(Map<String, String> value) {
            return new Props(addressData, errorsTo, headersAdd, headersRemove, Map.copyOf(value));
        }
    }

    /** One address on its way: the address as written, its parent, and the router now handling it. */
    private static final class Node {
        final Address address;
        final Node parent;
        final Props props;
        final int start;
        String router;
        /** Exim's self_hostname: the local host that made a router pass ({@code self = pass}). */
        String selfHostname;

        Node(Address address, Node parent, Props props, int start) {
            this.address = address;
            this.parent = parent;
            this.props = props;
            this.start = start;
        }

        String fullLocalPart() {
            return address.prefix() + address.localPart() + address.suffix();
        }

        /** The address as Exim compares it: local part as written, domain in lower case. */
        String key() {
            return fullLocalPart() + "@" + address.domain().toLowerCase(Locale.ROOT);
        }

        Node top() {
            Node n = this;
            while (n.parent != null) {
                n = n.parent;
            }
            return n;
        }
    }

    /** The address's properties and transport after a driver's success, or the deferral that replaced it. */
    private record Prepared(Props props, String transport, RoutingOutcome deferred) {
        static Prepared deferred(RoutingOutcome outcome) {
            return new Prepared(null, null, outcome);
        }
    }

    /** One call of {@link #route}: the state shared by an address and its descendants. */
    private final class Run {
        private final RoutingRequest request;
        private final Purpose purpose;
        private final String sender;
        private final Set<String> routedKeys = new HashSet<>();
        private final Reports reports;

        Run(RoutingRequest request) {
            this(request, null);
        }

        Run(RoutingRequest request, Reports reports) {
            this.reports = reports;
            this.request = request;
            this.purpose = request.purpose();
            this.sender = purpose == Purpose.VERIFY_SENDER ? "" : request.sender();
        }

        RoutingOutcome route(Node node) {
            int depth = 0;
            for (Node p = node.parent; p != null; p = p.parent) {
                if (++depth > MAX_ANCESTORS) {
                    return new RoutingOutcome.Deferred(node.address, null, "routing loop for " + node.key());
                }
            }
            Map<String, String> vars = null;
            DriverInstance last = null;
            String declineMessage = null;
            int i = node.start;
            while (i < routers.size()) {
                DriverInstance r = routers.get(i);
                ConfigValues g = r.generic();
                node.router = r.name();
                last = r;
                int next = i + 1;
                if (loops(node, r)) {
                    i = next;
                    continue;
                }
                boolean caseful = g.get(RouterOptions.CASEFUL_LOCAL_PART);
                String cc = node.fullLocalPart();
                String localPart = caseful ? cc : cc.toLowerCase(Locale.ROOT);
                String prefix = "";
                String prefixV = "";
                String suffix = "";
                String suffixV = "";
                String prefixes = g.get(RouterOptions.LOCAL_PART_PREFIX);
                if (prefixes != null) {
                    int[] m = matchPrefix(localPart, prefixes);
                    if (m != null && m[0] > 0) {
                        prefix = localPart.substring(0, m[0]);
                        prefixV = localPart.substring(0, m[1]);
                        localPart = localPart.substring(m[0]);
                    } else if (!g.get(RouterOptions.LOCAL_PART_PREFIX_OPTIONAL)) {
                        i = next;
                        continue;
                    }
                }
                String suffixes = g.get(RouterOptions.LOCAL_PART_SUFFIX);
                if (suffixes != null) {
                    int[] m = matchSuffix(localPart, suffixes);
                    if (m != null && m[0] > 0) {
                        int keep = localPart.length() - m[0];
                        suffix = localPart.substring(keep);
                        suffixV = suffix.substring(suffix.length() - m[1]);
                        localPart = localPart.substring(0, keep);
                    } else if (!g.get(RouterOptions.LOCAL_PART_SUFFIX_OPTIONAL)) {
                        i = next;
                        continue;
                    }
                }
                String domain = node.address.domain().toLowerCase(Locale.ROOT);
                vars = addressVariables(node, r, localPart, domain, prefix, prefixV, suffix, suffixV);
                String checkLocalPart = cc.substring(prefix.length(), cc.length() - suffix.length());

                Precondition pre = preconditions(node, r, vars, domain, checkLocalPart, localPart);
                if (pre.defer != null) {
                    return new RoutingOutcome.Deferred(node.address, r.name(), pre.defer);
                }
                if (!pre.met) {
                    i = next;
                    continue;
                }
                Props props = node.props;

                // set: router variables, then address_data; a forced failure of either declines.
                String setList = g.get(RouterOptions.SET);
                if (setList != null) {
                    Map<String, String> rv = new LinkedHashMap<>(props.variables());
                    ListReader items = new ListReader(setList, ';');
                    boolean declined = false;
                    for (String ele = items.next(); ele != null; ele = items.next()) {
                        int eq = ele.indexOf('=');
                        String name = (eq < 0 ? ele : ele.substring(0, eq)).trim();
                        if (name.length() < 3 || !name.startsWith("r_")) {
                            return new RoutingOutcome.Failed(node.address, r.name(),
                                    "bad router variable name '" + name + "' in router '" + r.name() + "'");
                        }
                        String assignment = eq < 0 ? "" : ele.substring(eq + 1).stripLeading();
                        try {
                            String value = expander(vars).expand(assignment);
                            rv.put(name, value);
                            vars.put(name, value);
                        } catch (ExpansionException e) {
                            if (!e.isForcedFailure()) {
                                return new RoutingOutcome.Deferred(node.address, r.name(), "expansion of \"" + ele
                                        + "\" failed in " + r.name() + " router: " + e.getMessage());
                            }
                            declined = true;
                            break;
                        }
                    }
                    if (declined) {
                        Boolean more = expBool(r, "more", g.get(RouterOptions.MORE), vars);
                        if (more == null) {
                            return deferBool(node, r, "more", g.get(RouterOptions.MORE), vars);
                        }
                        if (!more) {
                            break;
                        }
                        i = next;
                        continue;
                    }
                    props = props.withVariables(rv);
                }
                String addressData = g.get(RouterOptions.ADDRESS_DATA);
                if (addressData != null) {
                    try {
                        String value = expander(vars).expand(addressData);
                        props = props.withAddressData(value);
                        vars.put("address_data", value);
                    } catch (ExpansionException e) {
                        if (!e.isForcedFailure()) {
                            return new RoutingOutcome.Deferred(node.address, r.name(), "expansion of \"" + addressData
                                    + "\" failed in " + r.name() + " router: " + e.getMessage());
                        }
                        Boolean more = expBool(r, "more", g.get(RouterOptions.MORE), vars);
                        if (more == null) {
                            return deferBool(node, r, "more", g.get(RouterOptions.MORE), vars);
                        }
                        if (!more) {
                            break;
                        }
                        i = next;
                        continue;
                    }
                }

                Context context = callDriver(node, r, vars, props, localPart, domain, prefix, suffix);
                RouterResult result = context.result;
                if (result instanceof RouterResult.Defer && context.timedOut && g.get(RouterOptions.PASS_ON_TIMEOUT)) {
                    // Exim: "<router> router timed out, and pass_on_timeout is set".
                    result = RouterResult.pass();
                }
                if (result == context.domainChange) {
                    Node child = new Node(context.changedTo, node, props, 0);
                    return new RoutingOutcome.Rerouted(node.address, r.name(), List.of(route(child)), null,
                            context.headerRewrite);
                }
                if (result instanceof RouterResult.Defer d && result == context.freeze) {
                    return new RoutingOutcome.Deferred(node.address, r.name(), d.message(), null, true);
                }
                if (result instanceof RouterResult.Pass p && p.message() != null) {
                    // As for a decline: self = pass leaves its reason with the address.
                    declineMessage = p.message();
                }
                if (result instanceof RouterResult.Fail f) {
                    if (f.children().isEmpty()) {
                        return new RoutingOutcome.Failed(node.address, r.name(), f.message(), f.userMessage());
                    }
                    // Exim's redirect router on :fail: after addresses: they are routed as children all the same.
                    Prepared prepared = prepare(node, r, vars, props, result);
                    if (prepared.deferred() != null) {
                        return prepared.deferred();
                    }
                    Integer childStart = childStart(r);
                    if (childStart == null) {
                        return redirectRouterMissing(node, r);
                    }
                    return new RoutingOutcome.Failed(node.address, r.name(), f.message(), f.userMessage(),
                            children(node, r, prepared.props(), f.children(), childStart));
                }
                Prepared prepared = null;
                if (result instanceof RouterResult.Accept || result instanceof RouterResult.Rerouted) {
                    prepared = prepare(node, r, vars, props, result);
                    if (prepared.deferred() != null) {
                        return prepared.deferred();
                    }
                }
                boolean succeeded = prepared != null || result instanceof RouterResult.Pass;
                if (succeeded && ((purpose == Purpose.VERIFY_SENDER && g.get(RouterOptions.FAIL_VERIFY_SENDER))
                        || (purpose == Purpose.VERIFY_RECIPIENT && g.get(RouterOptions.FAIL_VERIFY_RECIPIENT)))) {
                    return new RoutingOutcome.Failed(node.address, r.name(),
                            r.name() + " router forced verify failure");
                }
                if (result instanceof RouterResult.Pass) {
                    String passRouter = g.get(RouterOptions.PASS_ROUTER);
                    if (passRouter != null) {
                        Integer target = index.get(passRouter);
                        if (target == null) {
                            return new RoutingOutcome.Deferred(node.address, r.name(),
                                    "pass_router \"" + passRouter + "\" not found for " + r.name() + " router");
                        }
                        next = target;
                    }
                    i = next;
                    continue;
                }
                if (result instanceof RouterResult.Decline d) {
                    // Exim's addr->message: a reason given on declining stays with the address.
                    declineMessage = d.reason().orElse(declineMessage);
                    Boolean more = expBool(r, "more", g.get(RouterOptions.MORE), vars);
                    if (more == null) {
                        return deferBool(node, r, "more", g.get(RouterOptions.MORE), vars);
                    }
                    if (!more) {
                        break;
                    }
                    i = next;
                    continue;
                }
                if (result instanceof RouterResult.Defer d) {
                    return new RoutingOutcome.Deferred(node.address, r.name(), d.message(), d.userMessage());
                }
                if (result instanceof RouterResult.Discard) {
                    return new RoutingOutcome.Discarded(node.address, r.name());
                }
                return routed(node, i, r, vars, prepared.props(), prepared.transport(), result);
            }
            // Off the end of the routers, or stopped by no_more.
            if (declineMessage != null) {
                return new RoutingOutcome.Failed(node.address, null, declineMessage);
            }
            String message = "Unrouteable address";
            if (last != null && last.generic().get(RouterOptions.CANNOT_ROUTE_MESSAGE) != null) {
                try {
                    message = expander(vars == null ? baseVariables(node) : vars)
                            .expand(last.generic().get(RouterOptions.CANNOT_ROUTE_MESSAGE));
                } catch (ExpansionException e) {
                    // Exim logs a failure to expand it and keeps its own message.
                }
            }
            // route.c: the client is told this text too (user_message).
            return new RoutingOutcome.Failed(node.address, null, message, message);
        }

        /**
         * Exim's loop check: an ancestor with the same address was handled by this router; with
         * the redirect router's {@code no_repeat_use}, any ancestor handled by this router.
         */
        private boolean loops(Node node, DriverInstance r) {
            boolean caseful = r.generic().get(RouterOptions.CASEFUL_LOCAL_PART);
            boolean repeatUse = repeatUse(r);
            for (Node p = node.parent; p != null; p = p.parent) {
                if (r.name().equals(p.router) && (!repeatUse || p.key().equalsIgnoreCase(node.key())
                        && (!caseful || p.fullLocalPart().equals(node.fullLocalPart())))) {
                    return true;
                }
            }
            return false;
        }

        /** The redirect router's {@code repeat_use} (Exim keeps it with the generic options); true for other drivers. */
        private boolean repeatUse(DriverInstance r) {
            return r.privateSetting("repeat_use").map(s -> !s.value().equals("false")).orElse(true);
        }

        /** A main-log line: to the delivery's log, else to {@link #logTo}'s. */
        private void log(String line) {
            if (reports != null) {
                reports.log(line);
            } else {
                mainLog.accept(line);
            }
        }

        /** The variables of the address for one router, before its preconditions set more. */
        private Map<String, String> addressVariables(Node node, DriverInstance r, String localPart, String domain,
                String prefix, String prefixV, String suffix, String suffixV) {
            Map<String, String> vars = baseVariables(node);
            vars.put("local_part", localPart);
            vars.put("domain", domain);
            vars.put("local_part_prefix", prefix);
            vars.put("local_part_prefix_v", prefixV);
            vars.put("local_part_suffix", suffix);
            vars.put("local_part_suffix_v", suffixV);
            vars.put("router_name", r.name());
            return vars;
        }

        private Map<String, String> baseVariables(Node node) {
            Map<String, String> vars = new HashMap<>();
            vars.put("local_part", node.fullLocalPart());
            vars.put("domain", node.address.domain().toLowerCase(Locale.ROOT));
            Node top = node.top();
            vars.put("original_local_part", top.fullLocalPart());
            vars.put("original_domain", top.address.domain());
            if (node.parent != null) {
                vars.put("parent_local_part", node.parent.fullLocalPart());
                vars.put("parent_domain", node.parent.address.domain());
            }
            vars.put("sender_address", sender);
            if (node.selfHostname != null) {
                vars.put("self_hostname", node.selfHostname);
            }
            if (node.props.addressData() != null) {
                vars.put("address_data", node.props.addressData());
            }
            vars.putAll(node.props.variables());
            return vars;
        }

        /**
         * Exim's deliver_set_expansions for a pipe, file or autoreply made by redirection:
         * $address_pipe or $address_file hold the item, and $local_part and $domain are the
         * parent's.
         */
        private Map<String, String> directDeliveryVariables(Node parent, Node child) {
            Map<String, String> vars = baseVariables(child);
            String item = child.address.localPart();
            if (item.startsWith("|")) {
                vars.put("address_pipe", item);
            } else if (item.startsWith("/")) {
                vars.put("address_file", item);
            }
            vars.put("local_part", parent.fullLocalPart());
            vars.put("domain", parent.address.domain().toLowerCase(Locale.ROOT));
            return vars;
        }

        private Expander expander(Map<String, String> vars) {
            return engine.expander(request.base().with(vars));
        }

        private static Map<String, String> withoutNulls(Map<String, String> vars) {
            Map<String, String> copy = new HashMap<>();
            vars.forEach((k, v) -> {
                if (v != null) {
                    copy.put(k, v);
                }
            });
            return copy;
        }

        /** The result of the preconditions: met, not met (skip), or deferred with a message. */
        private record Precondition(boolean met, String defer) {
            static final Precondition MET = new Precondition(true, null);
            static final Precondition SKIP = new Precondition(false, null);

            static Precondition defer(String message) {
                return new Precondition(false, message);
            }
        }

        /** Exim's check_router_conditions, in its order; sets the variables the checks define. */
        private Precondition preconditions(Node node, DriverInstance r, Map<String, String> vars, String domain,
                String checkLocalPart, String localPart) {
            ConfigValues g = r.generic();
            boolean verifying = purpose == Purpose.VERIFY_RECIPIENT || purpose == Purpose.VERIFY_SENDER;
            if (!verifying && g.get(RouterOptions.VERIFY_ONLY)) {
                return Precondition.SKIP;
            }
            if (purpose == Purpose.ADDRESS_TEST && !g.get(RouterOptions.ADDRESS_TEST)) {
                return Precondition.SKIP;
            }
            if ((purpose == Purpose.VERIFY_SENDER && !g.get(RouterOptions.VERIFY_SENDER))
                    || (purpose == Purpose.VERIFY_RECIPIENT && !g.get(RouterOptions.VERIFY_RECIPIENT))) {
                return Precondition.SKIP;
            }
            if (purpose == Purpose.EXPN && !g.get(RouterOptions.EXPN)) {
                return Precondition.SKIP;
            }
            String domains = g.get(RouterOptions.DOMAINS);
            if (domains != null) {
                ListMatching.Outcome o = lists(vars).domain(domains, domain, true);
                if (o.result() == MatchResult.DEFER) {
                    return Precondition.defer("domains check lookup or other defer");
                }
                if (o.result() == MatchResult.NO_MATCH) {
                    return Precondition.SKIP;
                }
                putOrRemove(vars, "domain_data", o.value());
            }
            String localParts = g.get(RouterOptions.LOCAL_PARTS);
            if (localParts != null) {
                String list = g.get(RouterOptions.CASEFUL_LOCAL_PART) ? caseful(localParts) : localParts;
                ListMatching.Outcome o = lists(vars).localPart(list, checkLocalPart, true);
                if (o.result() == MatchResult.DEFER) {
                    return Precondition.defer("local_parts check lookup or other defer");
                }
                if (o.result() == MatchResult.NO_MATCH) {
                    return Precondition.SKIP;
                }
                putOrRemove(vars, "local_part_data", o.value());
            }
            if (g.get(RouterOptions.CHECK_LOCAL_USER)) {
                Optional<Passwd.Entry> pw = passwd.user(localPart);
                if (pw.isEmpty()) {
                    return Precondition.SKIP;
                }
                vars.put("local_part_data", pw.get().name());
                vars.put("home", pw.get().home());
                vars.put("local_user_uid", Long.toString(pw.get().uid()));
                vars.put("local_user_gid", Long.toString(pw.get().gid()));
            }
            String routerHome = g.get(RouterOptions.ROUTER_HOME_DIRECTORY);
            if (routerHome != null) {
                try {
                    vars.put("home", expander(vars).expand(routerHome));
                } catch (ExpansionException e) {
                    if (!e.isForcedFailure()) {
                        return Precondition.defer("failed to expand \"" + routerHome + "\" for router_home_directory: "
                                + e.getMessage());
                    }
                }
            }
            String senders = g.get(RouterOptions.SENDERS);
            if (senders != null) {
                ListMatching.Outcome o = lists(vars).address(senders, sender, true);
                if (o.result() == MatchResult.DEFER) {
                    return Precondition.defer("senders check lookup or other defer");
                }
                if (o.result() == MatchResult.NO_MATCH) {
                    return Precondition.SKIP;
                }
                putOrRemove(vars, "sender_data", o.value());
            }
            // Here, as Exim: $home is known, and skipped routers print nothing.
            DebugOutput.printExpanded(g.get(RouterOptions.DEBUG_PRINT), expander(vars)::expand);
            RequireFiles.Result files = requireFiles.check(g.get(RouterOptions.REQUIRE_FILES), expander(vars));
            if (files instanceof RequireFiles.Defer d) {
                return Precondition.defer(d.message());
            }
            if (files instanceof RequireFiles.Skip) {
                return Precondition.SKIP;
            }
            String condition = g.get(RouterOptions.CONDITION);
            if (condition != null) {
                try {
                    if (!truth(expander(vars).expand(condition))) {
                        return Precondition.SKIP;
                    }
                } catch (ExpansionException e) {
                    if (e.isLookupDeferred()) {
                        return Precondition.defer("condition check lookup defer");
                    }
                    // Forced failure or error: the condition is false (Exim logs the error).
                    return Precondition.SKIP;
                }
            }
            return Precondition.MET;
        }

        private ListMatching lists(Map<String, String> vars) {
            return new ListSupport(engine, environment, request.base().with(vars)).matching();
        }

        /** Calls the driver through the registry, which defers when it is absent or throws. */
        private Context callDriver(Node node, DriverInstance r, Map<String, String> vars, Props props,
                String localPart, String domain, String prefix, String suffix) {
            Context context = new Context(node, r, vars);
            Optional<ConfiguredRouter> configured = registry.router(r.name());
            if (configured.isEmpty()) {
                context.result = RouterResult.defer("router " + r.name()
                        + ": not in the driver registry's configuration");
                return context;
            }
            Address a = node.parent == null ? Address.of(prefix + localPart + suffix, domain)
                    : node.parent.address.child(prefix + localPart + suffix, domain);
            for (Map.Entry<String, String> p : node.address.properties().entrySet()) {
                // What a router marked the address with (one_time, hide_child_in_errmsg) stays with it.
                a = a.withProperty(p.getKey(), p.getValue());
            }
            if (props.errorsTo() != null) {
                a = a.withErrorsTo(props.errorsTo());
            }
            if (props.addressData() != null) {
                a = a.withProperty("address_data", props.addressData());
            }
            a = a.withAffixes(prefix, suffix);
            context.result = configured.get().route(a, context);
            return context;
        }

        /**
         * What a router may ask of the engine during one call, and what it asked, which the
         * engine reads back after the call: whether a host lookup timed out (for
         * {@code pass_on_timeout}), and which of its results came from {@link #changeDomain}
         * or from {@code self = freeze}.
         */
        private final class Context implements RoutingContext {
            private final Node node;
            private final DriverInstance router;
            private final Map<String, String> vars;
            private final Expander expander;
            private final ListMatcher matcher;
            RouterResult result;
            boolean timedOut;
            RouterResult domainChange;
            Address changedTo;
            RoutingOutcome.HeaderRewrite headerRewrite;
            RouterResult freeze;

            Context(Node node, DriverInstance router, Map<String, String> vars) {
                this.node = node;
                this.router = router;
                this.vars = vars;
                this.expander = Run.this.expander(vars);
                this.matcher = engine.listMatcher(request.base().with(vars));
            }

            @Override
            public Expander expander() {
                return expander;
            }

            @Override
            public ListMatcher lists() {
                return matcher;
            }

            @Override
            public String routerName() {
                return router.name();
            }

            @Override
            public Purpose purpose() {
                return purpose;
            }

            @Override
            public HostFinder hosts() {
                String ignore = router.generic().get(RouterOptions.IGNORE_TARGET_HOSTS);
                DnsHostFinder f = finder();
                if (ignore != null) {
                    ListMatching lists = Run.this.lists(vars);
                    f = f.ignoring((name, address) -> lists.host(ignore, name, address, true).result()
                            == MatchResult.MATCH);
                }
                DnsHostFinder found = f;
                return new HostFinder() {
                    @Override
                    public HostLookup byName(String name) {
                        return seen(found.byName(name));
                    }

                    @Override
                    public HostLookup byDns(String name, DnsQuery query) {
                        return seen(found.byDns(name, withDnssec(name, query)));
                    }
                };
            }

            /** The router's generic dnssec_request_domains and dnssec_require_domains, matched against the name. */
            private DnsQuery withDnssec(String name, DnsQuery query) {
                boolean require = query.dnssecRequire() || inList(RouterOptions.DNSSEC_REQUIRE_DOMAINS, name);
                boolean request = query.dnssecRequest() || require
                        || inList(RouterOptions.DNSSEC_REQUEST_DOMAINS, name);
                if (request == query.dnssecRequest() && require == query.dnssecRequire()) {
                    return query;
                }
                return new DnsQuery(query.records(), query.srvService(), query.qualifySingle(), query.searchParents(),
                        query.srvFailIsNone(), query.mxFailIsNone(), request, require, query.ipv4Only(),
                        query.ipv4First());
            }

            private boolean inList(ConfigOption<String> option, String name) {
                String list = router.generic().get(option);
                return list != null && Run.this.lists(vars).domain(list, name.toLowerCase(Locale.ROOT), true).result()
                        == MatchResult.MATCH;
            }

            private HostLookup seen(HostLookup lookup) {
                if (lookup.status() == HostLookup.Status.AGAIN) {
                    timedOut = true;
                }
                return lookup;
            }

            @Override
            public Optional<Boolean> transportIsLocal(String transport) {
                String name = transport;
                if (name == null) {
                    String option = router.generic().get(RouterOptions.TRANSPORT);
                    if (option == null) {
                        return Optional.empty();
                    }
                    try {
                        name = expander.expand(option);
                    } catch (ExpansionException e) {
                        return Optional.empty();
                    }
                }
                return registry.transport(name).map(ConfiguredTransport::isLocal);
            }

            @Override
            public RouterResult freeze(String message) {
                freeze = RouterResult.defer(message);
                return freeze;
            }

            /** Exim's rf_self_action. */
            @Override
            public RouterResult selfReference(Address address, List<Host> hosts, String reason) {
                String self = router.generic().get(RouterOptions.SELF);
                String domain = node.address.domain().toLowerCase(Locale.ROOT);
                switch (self) {
                    case "freeze":
                        if (purpose != Purpose.DELIVERY) {
                            mainLog.accept(reason + ": " + domain + whileRouting());
                        }
                        freeze = RouterResult.defer(reason);
                        return freeze;
                    case "defer":
                        return RouterResult.defer(reason);
                    case "fail":
                        // Exim sets af_pass_message: an SMTP client verifying the address is told too.
                        return RouterResult.fail(reason, reason);
                    case "send":
                        return RouterResult.accept(hosts);
                    case "pass":
                        node.selfHostname = hosts.isEmpty() ? null : hosts.get(0).name();
                        return new RouterResult.Pass(reason);
                    default:
                        // reroute:<domain>, decoded by the configuration's checks to the domain alone
                        // (and selfRewrite() for reroute:rewrite:<domain>).
                        return changeDomain(address, self, router.selfRewrite());
                }
            }

            /** Exim's moan_skipped_syntax_errors: the log lines, then the message, if wanted and possible. */
            @Override
            public boolean skippedSyntaxErrors(List<SyntaxError> errors, String errorsTo, String text,
                    boolean someGenerated) {
                String name = router.name();
                for (SyntaxError e : errors) {
                    log(name + " router: skipped error: " + e.message()
                            + (e.item() == null ? "" : " in \"" + e.item() + "\""));
                }
                if (errorsTo == null) {
                    return true;
                }
                String to;
                String custom = null;
                try {
                    to = expander.expand(errorsTo);
                } catch (ExpansionException e) {
                    log(name + " router failed to expand " + errorsTo + ": " + e.getMessage());
                    return false;
                }
                if (text != null) {
                    try {
                        custom = expander.expand(text);
                    } catch (ExpansionException e) {
                        log(name + " router failed to expand " + text + ": " + e.getMessage());
                        return false;
                    }
                }
                if (reports != null) {
                    reports.syntaxErrors(name, to, custom, errors, someGenerated);
                }
                return true;
            }

            /** Exim's "(while verifying <a> from host h)" or "(while routing <a>)", outside a delivery. */
            private String whileRouting() {
                String fullHost = "";
                try {
                    fullHost = expander.expand("$sender_fullhost");
                } catch (ExpansionException e) {
                    // No connection: routing for -bt or -bv.
                }
                return fullHost.isEmpty() ? " (while routing <" + node.key() + ">)"
                        : " (while verifying <" + node.key() + "> from host " + fullHost + ")";
            }

            /**
             * Exim's rf_change_domain: the address becomes the parent of a child with the new
             * domain, routed from the first router with what the address carries now; with
             * {@code rewriteHeaders} the old domain becomes the new one in the message's headers,
             * which the delivery does (see {@link RoutingOutcome#headerRewrites()}).
             */
            @Override
            public RouterResult changeDomain(Address address, String newDomain, boolean rewriteHeaders) {
                changedTo = node.address.child(node.fullLocalPart(), newDomain);
                headerRewrite = rewriteHeaders
                        ? new RoutingOutcome.HeaderRewrite(node.address.domain().toLowerCase(Locale.ROOT), newDomain)
                        : null;
                domainChange = new RouterResult.Rerouted(List.of(NewAddress.routed(changedTo)));
                return domainChange;
            }
        }

        /**
         * What Exim's accept and redirect drivers do before they succeed: errors_to, the header
         * changes, and (for an accept) the transport; a failure here defers the address.
         */
        private Prepared prepare(Node node, DriverInstance r, Map<String, String> vars, Props props,
                RouterResult result) {
            ConfigValues g = r.generic();
            String errorsTo = g.get(RouterOptions.ERRORS_TO);
            if (errorsTo != null) {
                try {
                    String s = expander(vars).expand(errorsTo);
                    if (s.isEmpty()) {
                        props = props.withErrorsTo("");
                    } else if (purpose == Purpose.DELIVERY || purpose == Purpose.ADDRESS_TEST) {
                        if (verifies(s)) {
                            props = props.withErrorsTo(s);
                        }
                    }
                } catch (ExpansionException e) {
                    if (!e.isForcedFailure()) {
                        return Prepared.deferred(new RoutingOutcome.Deferred(node.address, r.name(),
                                r.name() + " router failed to expand \"" + errorsTo + "\": " + e.getMessage()));
                    }
                }
            }
            List<String> add = new ArrayList<>(props.headersAdd());
            String headersAdd = g.get(RouterOptions.HEADERS_ADD);
            if (headersAdd != null) {
                ListReader items = new ListReader(headersAdd, '\n');
                for (String t = items.next(); t != null; t = items.next()) {
                    try {
                        String s = expander(vars).expand(t);
                        if (!s.isEmpty()) {
                            add.add(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
                        }
                    } catch (ExpansionException e) {
                        if (!e.isForcedFailure()) {
                            return Prepared.deferred(new RoutingOutcome.Deferred(node.address, r.name(), r.name()
                                    + " router failed to expand add_headers item \"" + t + "\": " + e.getMessage()));
                        }
                    }
                }
            }
            List<String> remove = new ArrayList<>(props.headersRemove());
            String headersRemove = g.get(RouterOptions.HEADERS_REMOVE);
            if (headersRemove != null) {
                ListReader items = new ListReader(headersRemove, ':');
                for (String t = items.next(); t != null; t = items.next()) {
                    try {
                        String s = expander(vars).expand(t);
                        if (!s.isEmpty()) {
                            remove.add(s);
                        }
                    } catch (ExpansionException e) {
                        if (!e.isForcedFailure()) {
                            return Prepared.deferred(new RoutingOutcome.Deferred(node.address, r.name(), r.name()
                                    + " router failed to expand remove_headers item \"" + t + "\": " + e.getMessage()));
                        }
                    }
                }
            }
            props = props.withHeaders(add, remove);

            String transport = null;
            if (result instanceof RouterResult.Accept accept) {
                transport = accept.transportOverride().orElse(null);
                if (transport == null) {
                    String option = g.get(RouterOptions.TRANSPORT);
                    if (option == null) {
                        return Prepared.deferred(new RoutingOutcome.Deferred(node.address, r.name(),
                                "transport unset in " + r.name() + " router"));
                    }
                    if (option.indexOf('$') >= 0) {
                        try {
                            transport = expander(vars).expand(option);
                        } catch (ExpansionException e) {
                            return Prepared.deferred(new RoutingOutcome.Deferred(node.address, r.name(),
                                    "failed to expand transport \"" + option + "\" in " + r.name() + " router: "
                                            + e.getMessage()));
                        }
                    } else {
                        transport = option;
                    }
                }
                if (config.transport(transport).isEmpty()) {
                    return Prepared.deferred(new RoutingOutcome.Deferred(node.address, r.name(),
                            "transport \"" + transport + "\" not found in " + r.name() + " router"));
                }
            }
            return new Prepared(props, transport, null);
        }

        /** After Accept or Rerouted, once fail_verify has been checked: unseen, then the children. */
        private RoutingOutcome routed(Node node, int i, DriverInstance r, Map<String, String> vars, Props props,
                String transport, RouterResult result) {
            ConfigValues g = r.generic();
            BoolOrExpansion unseenOption = g.get(RouterOptions.UNSEEN);
            Boolean unseen = expBool(r, "unseen", unseenOption, vars);
            if (unseen == null) {
                return deferBool(node, r, "unseen", unseenOption, vars);
            }
            boolean copy = unseen && i + 1 < routers.size();

            if (result instanceof RouterResult.Accept accept) {
                String key = node.key() + (copy ? "/" + r.name() : "");
                boolean duplicate = !routedKeys.add(key);
                RoutingOutcome unseenCopy = copy ? unseenCopy(node, i, props) : null;
                return new RoutingOutcome.Routed(node.address, r.name(), transport, accept.hosts(), props.errorsTo(),
                        props.headersAdd(), props.headersRemove(), props.addressData(),
                        g.get(RouterOptions.RETRY_USE_LOCAL_PART), duplicate, unseenCopy, withoutNulls(vars),
                        fallbackHosts(g.get(RouterOptions.FALLBACK_HOSTS)));
            }
            RouterResult.Rerouted rerouted = (RouterResult.Rerouted) result;
            // Exim puts the unseen copy on the new-address chain after the children, so it goes first.
            RoutingOutcome unseenCopy = copy ? unseenCopy(node, i, props) : null;
            Integer childStart = childStart(r);
            if (childStart == null) {
                return redirectRouterMissing(node, r);
            }
            return new RoutingOutcome.Rerouted(node.address, r.name(),
                    children(node, r, props, rerouted.children(), childStart), unseenCopy);
        }

        /** Where children start: the first router, or redirect_router; null when that is not found. */
        private Integer childStart(DriverInstance r) {
            String redirectRouter = r.generic().get(RouterOptions.REDIRECT_ROUTER);
            return redirectRouter == null ? Integer.valueOf(0) : index.get(redirectRouter);
        }

        private RoutingOutcome redirectRouterMissing(Node node, DriverInstance r) {
            return new RoutingOutcome.Deferred(node.address, r.name(), "redirect_router \""
                    + r.generic().get(RouterOptions.REDIRECT_ROUTER) + "\" not found for " + r.name() + " router");
        }

        /**
         * Exim's parse_forward_list with the redirect router's {@code rewrite} (the default): an
         * address the list generated goes through the rewrite section's rules for envelope
         * recipients, as a new recipient would. Pipes, files and directories do not.
         */
        private NewAddress rewritten(DriverInstance r, NewAddress child) {
            if (!r.driverName().equals("redirect") || child.directTransport().isPresent()
                    || child.undeliverable().isPresent()
                    || r.privateSetting("rewrite").map(o -> o.value().equals("false")).orElse(false)) {
                return child;
            }
            Rewriter rules = rewriter();
            if (!rules.hasRulesFor(AddressField.ENVELOPE_TO.flag())) {
                return child;
            }
            Address a = child.address();
            String text = rules.rewriteAddress(a.text(), true, null, request.base(), RewriteLog.NONE);
            if (text.equals(a.text())) {
                return child;
            }
            int at = text.lastIndexOf('@');
            Address parent = a.parent().orElseThrow();
            Address changed = parent.child(text.substring(0, at), text.substring(at + 1));
            for (Map.Entry<String, String> p : a.properties().entrySet()) {
                changed = changed.withProperty(p.getKey(), p.getValue());
            }
            if (a.errorsTo().isPresent()) {
                changed = changed.withErrorsTo(a.errorsTo().get());
            }
            return new NewAddress(changed, null, null);
        }

        /** The outcomes of a redirection's children, routed last first as Exim takes them from its chain. */
        private List<RoutingOutcome> children(Node node, DriverInstance r, Props props, List<NewAddress> children,
                int childStart) {
            ConfigValues g = r.generic();
            RoutingOutcome[] outcomes = new RoutingOutcome[children.size()];
            for (int c = children.size() - 1; c >= 0; c--) {
                NewAddress child = rewritten(r, children.get(c));
                Node childNode = new Node(child.address(), node, props, childStart);
                if (child.undeliverable().isPresent()) {
                    // Exim's checks of a pipe, file or autoreply before delivery: forbidden, or no transport.
                    NewAddress.Problem problem = child.undeliverable().get();
                    outcomes[c] = problem.permanent()
                            ? new RoutingOutcome.Failed(child.address(), r.name(), problem.message())
                            : new RoutingOutcome.Deferred(child.address(), r.name(), problem.message());
                } else if (child.directTransport().isPresent()) {
                    boolean duplicate = !routedKeys.add(childNode.key() + ":" + node.key());
                    outcomes[c] = new RoutingOutcome.Routed(child.address(), r.name(), child.transport(), List.of(),
                            props.errorsTo(), props.headersAdd(), props.headersRemove(), props.addressData(),
                            g.get(RouterOptions.RETRY_USE_LOCAL_PART), duplicate, null,
                            withoutNulls(directDeliveryVariables(node, childNode)));
                } else {
                    outcomes[c] = route(childNode);
                }
            }
            return List.of(outcomes);
        }

        /**
         * Exim's route_unseen: a copy of the address, routed from the next router, with the
         * address_data and router variables the address has now, the errors address of the
         * address's parent (what the address itself inherited), and no header changes.
         */
        private RoutingOutcome unseenCopy(Node node, int i, Props now) {
            String parentErrors = node.parent == null ? null : node.props.errorsTo();
            Node invented = new Node(node.address, node.parent, node.props, node.start);
            invented.router = node.router;
            Props props = new Props(now.addressData(), parentErrors, List.of(), List.of(), now.variables());
            return route(new Node(node.address, invented, props, i + 1));
        }

        /** Exim's verification of an errors_to address: routed as a recipient, with an empty sender. */
        private boolean verifies(String address) {
            int at = address.lastIndexOf('@');
            Address a = at < 0 ? Address.of(address, qualifyRecipient())
                    : Address.of(address.substring(0, at), address.substring(at + 1));
            Run verify = new Run(new RoutingRequest(Purpose.VERIFY_RECIPIENT, "", request.base()));
            RoutingOutcome o = verify.route(new Node(a, null, Props.NONE, 0));
            return o.leaves().stream().allMatch(l -> l instanceof RoutingOutcome.Routed
                    || l instanceof RoutingOutcome.Discarded);
        }

        private String qualifyRecipient() {
            String q = config.get(MainOptions.QUALIFY_RECIPIENT);
            if (q == null || q.isEmpty()) {
                q = config.get(MainOptions.QUALIFY_DOMAIN);
            }
            if (q == null || q.isEmpty()) {
                q = config.get(MainOptions.PRIMARY_HOSTNAME);
            }
            return q == null ? "" : q;
        }

        /** Exim's exp_bool: the fixed value, or the expansion's true/yes/false/no; null when it defers. */
        private Boolean expBool(DriverInstance r, String name, BoolOrExpansion option, Map<String, String> vars) {
            if (option.expansion() == null) {
                return option.value();
            }
            try {
                String s = expander(vars).expand(option.expansion());
                if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("yes")) {
                    return true;
                }
                if (s.equalsIgnoreCase("false") || s.equalsIgnoreCase("no")) {
                    return false;
                }
                return null;
            } catch (ExpansionException e) {
                if (e.isForcedFailure()) {
                    return defaultOf(name);
                }
                return null;
            }
        }

        /** The message of a failed {@link #expBool}: expands again to say why. */
        private RoutingOutcome deferBool(Node node, DriverInstance r, String name, BoolOrExpansion option,
                Map<String, String> vars) {
            String message;
            try {
                String s = expander(vars).expand(option.expansion());
                message = "\"" + s + "\" is not a valid value for the \"" + name + "\" option in the " + r.name()
                        + " router";
            } catch (ExpansionException e) {
                message = "failed to expand \"" + name + "\" in " + r.name() + " router: " + e.getMessage();
            }
            return new RoutingOutcome.Deferred(node.address, r.name(), message);
        }
    }

    /** The default of an expandable boolean option, used when its expansion is forced to fail. */
    private static boolean defaultOf(String name) {
        return name.equals("more") ? RouterOptions.MORE.defaultValue().value()
                : RouterOptions.UNSEEN.defaultValue().value();
    }

    /** Exim's truth of an expanded condition: not empty, "0", "no" or "false". */
    static boolean truth(String s) {
        return !s.isEmpty() && !s.equals("0") && !s.equalsIgnoreCase("no") && !s.equalsIgnoreCase("false");
    }

    /** The list with {@code +caseful} in front, its separator kept. */
    static String caseful(String list) {
        String trimmed = list.stripLeading();
        if (trimmed.isEmpty()) {
            return list;
        }
        if (trimmed.length() >= 2 && trimmed.charAt(0) == '<' && !Character.isWhitespace(trimmed.charAt(1))
                && !Character.isLetterOrDigit(trimmed.charAt(1))) {
            char sep = trimmed.charAt(1);
            return "<" + sep + " +caseful " + sep + trimmed.substring(2);
        }
        return "+caseful : " + list;
    }

    /**
     * Exim's route_check_prefix: the first item of the list that starts the local part,
     * without regard to case; a leading {@code *} matches any text, the longest that fits.
     *
     * @return the prefix's length and the length of its variable part, or null for none
     */
    static int[] matchPrefix(String localPart, String prefixes) {
        ListReader items = new ListReader(prefixes);
        for (String prefix = items.next(); prefix != null; prefix = items.next()) {
            if (prefix.startsWith("*")) {
                String fixed = prefix.substring(1);
                for (int p = localPart.length() - fixed.length(); p >= 0; p--) {
                    if (localPart.regionMatches(true, p, fixed, 0, fixed.length())) {
                        return new int[] {p + fixed.length(), p};
                    }
                }
            } else if (localPart.regionMatches(true, 0, prefix, 0, prefix.length())) {
                return new int[] {prefix.length(), 0};
            }
        }
        return null;
    }

    /**
     * Exim's route_check_suffix: the first item that ends the local part (leaving at least one
     * character), without regard to case; a trailing {@code *} matches any text, the longest.
     *
     * @return the suffix's length and the length of its variable part, or null for none
     */
    static int[] matchSuffix(String localPart, String suffixes) {
        int alen = localPart.length();
        ListReader items = new ListReader(suffixes);
        for (String suffix = items.next(); suffix != null; suffix = items.next()) {
            if (suffix.endsWith("*")) {
                String fixed = suffix.substring(0, suffix.length() - 1);
                for (int p = 0; p <= alen - fixed.length(); p++) {
                    if (localPart.regionMatches(true, p, fixed, 0, fixed.length())) {
                        int tlen = alen - p;
                        return new int[] {tlen, tlen - fixed.length()};
                    }
                }
            } else if (alen > suffix.length()
                    && localPart.regionMatches(true, alen - suffix.length(), suffix, 0, suffix.length())) {
                return new int[] {suffix.length(), 0};
            }
        }
        return null;
    }

    private static void putOrRemove(Map<String, String> vars, String name, String value) {
        if (value == null) {
            vars.remove(name);
        } else {
            vars.put(name, value);
        }
    }
}
