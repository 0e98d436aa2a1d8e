package org.osprey.mta.core.expand;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osprey.mta.core.lists.HostResolver;
import org.osprey.mta.core.lists.ListMatching;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Host;

/**
 * Exim's string expansion and list matching for one configuration. Strings are compiled once
 * (and the compiled forms kept) and evaluated in a context; {@link #expander} and
 * {@link #listMatcher} bind a context for the kernel's interfaces. Thread-safe.
 */
public final class ExpansionEngine {
    private static final int CACHE_LIMIT = 10_000;
    private final ExpansionEnvironment environment;
    private final Map<String, Node> compiled = new ConcurrentHashMap<>();
    private final String primaryHostname;

    public ExpansionEngine(ExpansionEnvironment environment) {
        this.environment = environment;
        this.primaryHostname = environment.settings().get("primary_hostname").orElseGet(ExpansionEngine::hostName);
    }

    /** Compiles a string (Java text); the compiled form is shared and immutable. */
    public CompiledExpansion compile(String template) {
        return compileInternal(ByteStrings.internal(template));
    }

    CompiledExpansion compileInternal(String template) {
        return new CompiledExpansion(this, template, node(template));
    }

    /** An expander bound to {@code context}. */
    public Expander expander(ExpansionContext context) {
        return new BoundExpander(context);
    }

    /** A list matcher bound to {@code context}; lists are expanded before matching. */
    public ListMatcher listMatcher(ExpansionContext context) {
        return new BoundListMatcher(context);
    }

    ExpansionEnvironment environment() {
        return environment;
    }

    Optional<String> setting(String name) {
        return environment.settings().get(name).map(ByteStrings::internal);
    }

    String primaryHostname() {
        return ByteStrings.internal(primaryHostname);
    }

    String qualifyDomain() {
        return setting("qualify_domain").orElse(primaryHostname());
    }

    boolean strictAclVariables() {
        return setting("strict_acl_vars").map(v -> v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")).orElse(false);
    }

    private Node node(String template) {
        Node node = compiled.get(template);
        if (node == null) {
            if (compiled.size() > CACHE_LIMIT) {
                compiled.clear();
            }
            node = Parser.compile(template);
            compiled.put(template, node);
        }
        return node;
    }

    /** Evaluates a top-level node, turning any failure of the engine itself into an expansion error. */
    String evaluate(Node root, Evaluation ev) throws ExpansionException {
        try {
            String result = root.eval(ev, false);
            int nul = result.indexOf('\0');
            return nul < 0 ? result : result.substring(0, nul);
        } catch (StackOverflowError e) {
            throw ExpansionException.error("expansion nested too deeply");
        } catch (RuntimeException e) {
            throw ExpansionException.error("internal error in expansion: " + e);
        }
    }

    /** Expands a byte string within a running evaluation (${expand:}, replacement strings, named lists). */
    String expandNested(Evaluation ev, String template) throws ExpansionException {
        ev.enter();
        try {
            return node(template).eval(ev, false);
        } finally {
            ev.leave();
        }
    }

    /**
     * List matching over {@code context}, with the answers' {@code $value} data and defer
     * messages (lists and subjects are byte strings: ASCII passes unchanged).
     */
    public ListMatching listMatching(ExpansionContext context) {
        return new ListMatching(new Support(context, null));
    }

    /** List matching inside an evaluation: named lists are expanded in it. */
    ListMatching listMatching(Evaluation ev) {
        return new ListMatching(new Support(ev.context(), ev));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** What list matching needs, for one context. */
    private final class Support implements ListMatching.Support {
        private final ExpansionContext context;
        private final Evaluation ev;

        Support(ExpansionContext context, Evaluation ev) {
            this.context = context;
            this.ev = ev;
        }

        @Override
        public String expand(String text) throws ExpansionException {
            return ev != null ? expandNested(ev, text) : evaluate(node(text), new Evaluation(ExpansionEngine.this, context));
        }

        @Override
        public Optional<NamedList> namedList(ListType type, String name) {
            return environment.namedList(type, ByteStrings.external(name)).map(
                    l -> new NamedList(l.type(), l.name(), ByteStrings.internal(l.value()), l.cached(), l.hidden()));
        }

        @Override
        public String primaryHostname() {
            return ExpansionEngine.this.primaryHostname();
        }

        @Override
        public Lookups lookups() {
            return environment.lookups();
        }

        @Override
        public Expander expander() {
            return ExpansionEngine.this.expander(context);
        }

        @Override
        public HostResolver resolver() {
            return environment.resolver();
        }
    }

    /** The kernel's Expander over one context. */
    private final class BoundExpander implements Expander {
        private final ExpansionContext context;

        BoundExpander(ExpansionContext context) {
            this.context = context;
        }

        @Override
        public String expand(String template) throws ExpansionException {
            return compile(template).expand(context);
        }

        @Override
        public Expander with(Map<String, String> variables) {
            for (String name : variables.keySet()) {
                if (!Variables.known(name) && !name.startsWith("acl_") && !name.startsWith("r_") && !name.startsWith("auth")) {
                    throw new IllegalArgumentException("no expansion variable $" + name);
                }
            }
            return new BoundExpander(context.with(variables));
        }
    }

    /**
     * The kernel's ListMatcher over one context, with that context's named-list cache. While a
     * domain list is expanded, $domain is the domain sought when the context has none, as in Exim.
     */
    private final class BoundListMatcher implements ListMatcher {
        private final ExpansionContext context;
        private final ListMatching matching;

        BoundListMatcher(ExpansionContext context) {
            this.context = context;
            this.matching = new ListMatching(new Support(context, null));
        }

        @Override
        public MatchResult domain(String list, String domain) {
            ListMatching m = matching;
            if (context.variableOrNull("domain") == null) {
                m = new ListMatching(new Support(context.with(Map.of("domain", domain)), null));
            }
            return m.domain(ByteStrings.internal(list), ByteStrings.internal(domain), true).result();
        }

        @Override
        public MatchResult host(String list, Host host) {
            String address = host.address() == null ? "" : host.address();
            String name = host.name().startsWith("[") ? null : host.name();
            return matching.host(ByteStrings.internal(list), name, address, true).result();
        }

        @Override
        public MatchResult address(String list, String address) {
            return matching.address(ByteStrings.internal(list), ByteStrings.internal(address), true).result();
        }

        @Override
        public MatchResult localPart(String list, String localPart) {
            return matching.localPart(ByteStrings.internal(list), ByteStrings.internal(localPart), true).result();
        }
    }
}
