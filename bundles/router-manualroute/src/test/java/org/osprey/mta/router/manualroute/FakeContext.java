package org.osprey.mta.router.manualroute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

/**
 * A routing context for one address with a scripted DNS and resolver. Its expander knows
 * {@code $domain}, {@code $value}, {@code $0}..{@code $9}, {@code ${fail}} (a forced failure),
 * {@code ${error}} (an expansion error) and the {@code ${if match_domain{$domain}{P}{H}}} the
 * router wraps route_list host lists in; its domain patterns are exact names, {@code *suffix},
 * {@code ^regex}, {@code !pattern}, {@code key;table} (a lookup whose data is in
 * {@link #lookups}) and {@code defer} (a lookup that defers).
 */
final class FakeContext implements RoutingContext {
    final String domain;
    Purpose purpose = Purpose.DELIVERY;
    final Map<String, HostLookup> byName = new HashMap<>();
    final Map<String, HostLookup> byDns = new HashMap<>();
    final Map<String, HostLookup> byMx = new HashMap<>();
    final Map<String, String> lookups = new HashMap<>();
    final Map<String, Boolean> localTransports = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    BiFunction<List<Host>, String, RouterResult> self = (hosts, reason) -> RouterResult.defer(reason);
    String selfReason;
    /** What the router asked to freeze for, or null. */
    String frozen;
    List<Host> selfHosts;

    FakeContext(String domain) {
        this.domain = domain;
    }

    static Host host(String name, String address) {
        return new Host(name, address, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN);
    }

    static HostLookup found(String name, Host... hosts) {
        return new HostLookup(HostLookup.Status.FOUND, List.of(hosts), name, false, false, null);
    }

    static HostLookup status(HostLookup.Status status, String name) {
        return new HostLookup(status, List.of(), name, false, false, status == HostLookup.Status.FOUND_LOCAL ? null : "x");
    }

    /** An IP literal as the engine's finder answers it, without a lookup. */
    void literal(String ip) {
        byName.put(ip, found(ip, host(ip, ip)));
    }

    @Override
    public Expander expander() {
        return new FakeExpander(Map.of());
    }

    @Override
    public ListMatcher lists() {
        return new ListMatcher() {
            @Override
            public MatchResult domain(String list, String subject) throws ExpansionException {
                Match m = match(list, subject);
                return m == null ? MatchResult.NO_MATCH : m.deferred ? MatchResult.DEFER : MatchResult.MATCH;
            }

            @Override
            public MatchResult host(String list, Host host) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MatchResult address(String list, String address) {
                throw new UnsupportedOperationException();
            }

            @Override
            public MatchResult localPart(String list, String localPart) {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Override
    public String routerName() {
        return "r1";
    }

    @Override
    public Purpose purpose() {
        return purpose;
    }

    @Override
    public HostFinder hosts() {
        return new HostFinder() {
            @Override
            public HostLookup byName(String name) {
                calls.add("byname " + name);
                return byName.getOrDefault(name, status(HostLookup.Status.FAILED, name));
            }

            @Override
            public HostLookup byDns(String name, DnsQuery query) {
                boolean mx = query.equals(DnsQuery.mxOnly());
                if (!mx && !query.equals(DnsQuery.addressOnly())) {
                    throw new AssertionError("manualroute asks for MX or for addresses: " + query);
                }
                calls.add((mx ? "mx " : "dns ") + name);
                return (mx ? byMx : byDns).getOrDefault(name, status(HostLookup.Status.FAILED, name));
            }
        };
    }

    @Override
    public RouterResult selfReference(Address address, List<Host> hosts, String reason) {
        selfReason = reason;
        selfHosts = hosts;
        return self.apply(hosts, reason);
    }

    @Override
    public RouterResult freeze(String message) {
        frozen = message;
        return RouterResult.defer(message);
    }

    @Override
    public RouterResult changeDomain(Address address, String domain, boolean rewriteHeaders) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<Boolean> transportIsLocal(String transport) {
        return Optional.ofNullable(localTransports.get(transport));
    }

    private record Match(String[] captures, String value, boolean deferred) {
    }

    /** A domain pattern given as a one-item list (colons doubled). */
    private Match match(String list, String subject) throws ExpansionException {
        String pattern = new FakeExpander(Map.of()).expand(list).replace("::", ":");
        if (pattern.startsWith("!")) {
            Match m = match(pattern.substring(1), subject);
            return m == null ? new Match(new String[0], null, false) : null;
        }
        if (pattern.equals("defer")) {
            return new Match(null, null, true);
        }
        if (pattern.startsWith("^")) {
            Matcher m = Pattern.compile(pattern, Pattern.CASE_INSENSITIVE).matcher(subject);
            if (!m.find()) {
                return null;
            }
            String[] caps = new String[m.groupCount() + 1];
            for (int g = 0; g <= m.groupCount(); g++) {
                caps[g] = m.group(g);
            }
            return new Match(caps, pattern, false);
        }
        if (pattern.startsWith("*")) {
            String tail = pattern.substring(1);
            return subject.endsWith(tail)
                    ? new Match(new String[] {subject, subject.substring(0, subject.length() - tail.length())}, pattern,
                            false)
                    : null;
        }
        int semicolon = pattern.indexOf(';');
        if (semicolon >= 0) {
            String data = lookups.get(subject);
            return data == null ? null : new Match(new String[] {subject}, data, false);
        }
        return pattern.equalsIgnoreCase(subject) ? new Match(new String[] {subject}, pattern, false) : null;
    }

    private final class FakeExpander implements Expander {
        private static final Pattern IF_MATCH = Pattern.compile("\\$\\{if match_domain\\{\\$domain\\}\\{");
        private final Map<String, String> vars;

        FakeExpander(Map<String, String> vars) {
            this.vars = vars;
        }

        @Override
        public String expand(String template) throws ExpansionException {
            Matcher m = IF_MATCH.matcher(template);
            if (m.lookingAt()) {
                int patternEnd = closing(template, m.end());
                int hostsEnd = closing(template, patternEnd + 2);
                if (!template.substring(hostsEnd + 1).equals("}")) {
                    throw new AssertionError("unexpected template " + template);
                }
                Match match = match(template.substring(m.end(), patternEnd), domain);
                if (match == null) {
                    return "";
                }
                Map<String, String> inner = new HashMap<>(vars);
                if (match.value != null) {
                    inner.put("value", match.value);
                }
                for (int i = 0; match.captures != null && i < match.captures.length; i++) {
                    inner.put(Integer.toString(i), match.captures[i]);
                }
                return new FakeExpander(inner).expand(template.substring(patternEnd + 2, hostsEnd));
            }
            if (template.contains("${fail}")) {
                throw ExpansionException.forcedFailure("forced");
            }
            if (template.contains("${error}")) {
                throw ExpansionException.error("unknown variable in \"${error}\"");
            }
            StringBuilder out = new StringBuilder();
            Matcher v = Pattern.compile("\\$(domain|value|\\d)").matcher(template);
            while (v.find()) {
                String name = v.group(1);
                String value = name.equals("domain") ? domain : vars.get(name);
                if (value == null) {
                    throw ExpansionException.error("unknown variable name \"" + name + "\"");
                }
                v.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            v.appendTail(out);
            return out.toString();
        }

        /** The index of the brace that closes the argument starting at {@code from}. */
        private int closing(String s, int from) {
            int depth = 0;
            for (int i = from; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                }
            }
            throw new AssertionError("unbalanced " + s);
        }

        @Override
        public Expander with(Map<String, String> variables) {
            Map<String, String> all = new HashMap<>(vars);
            all.putAll(variables);
            return new FakeExpander(all);
        }
    }
}
