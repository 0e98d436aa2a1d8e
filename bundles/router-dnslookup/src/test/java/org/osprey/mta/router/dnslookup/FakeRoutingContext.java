package org.osprey.mta.router.dnslookup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.NewAddress;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;

/**
 * The engine as a dnslookup router sees it, for tests. Expansion returns the text unchanged
 * unless a test scripted another result, a forced failure or an error for it. Domain lists
 * know {@code *}, {@code *.suffix}, plain names and {@code !} negation; an item
 * {@code defer} makes the match defer. The self option and domain changes are recorded
 * and answered with recognisable results.
 */
final class FakeRoutingContext implements RoutingContext, Expander, ListMatcher {
    record SelfCall(Address address, List<Host> hosts, String reason) {
    }

    record DomainChange(Address address, String domain, boolean rewriteHeaders) {
    }

    final ScriptedDns dns = new ScriptedDns();
    private final Map<String, String> expansions = new HashMap<>();
    private final Map<String, ExpansionException> failures = new HashMap<>();
    Purpose purpose = Purpose.DELIVERY;
    final List<SelfCall> selfCalls = new ArrayList<>();
    final List<DomainChange> domainChanges = new ArrayList<>();
    final List<String> listsMatched = new ArrayList<>();
    RouterResult selfAnswer = RouterResult.defer("self = freeze");

    FakeRoutingContext expands(String template, String result) {
        expansions.put(template, result);
        return this;
    }

    FakeRoutingContext fails(String template, ExpansionException e) {
        failures.put(template, e);
        return this;
    }

    @Override
    public String expand(String template) throws ExpansionException {
        if (failures.containsKey(template)) {
            throw failures.get(template);
        }
        return expansions.getOrDefault(template, template);
    }

    @Override
    public Expander with(Map<String, String> variables) {
        return this;
    }

    @Override
    public MatchResult domain(String list, String domain) throws ExpansionException {
        listsMatched.add(list + " ? " + domain);
        for (String item : expand(list).split(":")) {
            String pattern = item.strip().toLowerCase(Locale.ROOT);
            boolean negated = pattern.startsWith("!");
            pattern = negated ? pattern.substring(1).strip() : pattern;
            String d = domain.toLowerCase(Locale.ROOT);
            if (pattern.equals("defer")) {
                return MatchResult.DEFER;
            }
            boolean hit = pattern.equals("*") || pattern.equals(d)
                    || pattern.startsWith("*.") && d.endsWith(pattern.substring(1));
            if (hit) {
                return negated ? MatchResult.NO_MATCH : MatchResult.MATCH;
            }
        }
        return MatchResult.NO_MATCH;
    }

    @Override
    public MatchResult host(String list, Host host) {
        throw new AssertionError("not used by dnslookup");
    }

    @Override
    public MatchResult address(String list, String address) {
        throw new AssertionError("not used by dnslookup");
    }

    @Override
    public MatchResult localPart(String list, String localPart) {
        throw new AssertionError("not used by dnslookup");
    }

    @Override
    public Expander expander() {
        return this;
    }

    @Override
    public ListMatcher lists() {
        return this;
    }

    @Override
    public String routerName() {
        return "dnslookup";
    }

    @Override
    public Purpose purpose() {
        return purpose;
    }

    @Override
    public HostFinder hosts() {
        return dns;
    }

    @Override
    public RouterResult selfReference(Address address, List<Host> hosts, String reason) {
        selfCalls.add(new SelfCall(address, hosts, reason));
        return selfAnswer;
    }

    @Override
    public RouterResult changeDomain(Address address, String domain, boolean rewriteHeaders) {
        domainChanges.add(new DomainChange(address, domain, rewriteHeaders));
        return new RouterResult.Rerouted(List.of(NewAddress.routed(address.child(address.localPart(), domain))));
    }
}
