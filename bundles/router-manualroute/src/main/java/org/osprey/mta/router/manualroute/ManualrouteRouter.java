package org.osprey.mta.router.manualroute;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.model.Address;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.model.HostStatus;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterResult;
import org.osprey.mta.kernel.router.RoutingContext;
import org.osprey.mta.kernel.router.RoutingContext.Purpose;

/**
 * One configured manualroute router: Exim's {@code manualroute_router_entry}. It finds the
 * routing rule for the domain (the first {@code route_list} rule whose pattern matches, or
 * what {@code route_data} expands to), expands the rule's host list, and accepts the address
 * with the hosts' addresses, or with the host list as one unlooked-up host for a local
 * transport (where it becomes {@code $host}). Never throws for a configuration's content:
 * every problem is a decline, defer or fail with Exim's words.
 */
final class ManualrouteRouter implements Router {
    private final String routeList;
    private final String routeData;
    private final boolean hostsRandomize;
    private final HostFailureAction hostFindFailed;
    private final HostFailureAction hostAllIgnored;
    /** Called on the routing thread: routers are shared between threads. */
    private final Supplier<RandomGenerator> random;

    ManualrouteRouter(String routeList, String routeData, boolean hostsRandomize, HostFailureAction hostFindFailed,
            HostFailureAction hostAllIgnored, Supplier<RandomGenerator> random) {
        this.routeList = routeList;
        this.routeData = routeData;
        this.hostsRandomize = hostsRandomize;
        this.hostFindFailed = hostFindFailed;
        this.hostAllIgnored = hostAllIgnored;
        this.random = random;
    }

    @Override
    public RouterResult route(Address address, RoutingContext context) {
        RouteItem rule;
        String hostList;
        if (routeList != null) {
            rule = null;
            for (String text : EximList.items(routeList, ';')) {
                RouteItem item = RouteItem.ofRule(text);
                if (item == null) {
                    continue;
                }
                MatchResult match = matches(context, oneItem(item.domainPattern()), address.domain());
                if (match == MatchResult.MATCH) {
                    rule = item;
                    break;
                }
                if (match == MatchResult.DEFER) {
                    return RouterResult.defer("lookup defer in route_list");
                }
            }
            if (rule == null) {
                return RouterResult.decline();
            }
            // Expanded where the pattern matched again, so that $value and $0, $1 ... are what
            // the match set, as Exim leaves them for this expansion.
            hostList = "${if match_domain{$domain}{" + oneItem(rule.domainPattern()) + "}{" + rule.hostList() + "}}";
        } else {
            String data;
            try {
                data = context.expander().expand(routeData);
            } catch (ExpansionException e) {
                return e.isForcedFailure() ? RouterResult.decline()
                        : RouterResult.defer("failed to expand \"" + routeData + "\": " + e.getMessage());
            }
            rule = RouteItem.ofData(data);
            if (rule.hostList().isEmpty()) {
                return RouterResult.decline();
            }
            hostList = rule.hostList();
        }

        String hosts;
        try {
            hosts = context.expander().expand(hostList);
        } catch (ExpansionException e) {
            return e.isForcedFailure() ? RouterResult.decline()
                    : RouterResult.defer(context.routerName() + " router: failed to expand \"" + rule.hostList() + "\": "
                            + e.getMessage());
        }
        RuleOptions options = RuleOptions.parse(rule.options(), hostsRandomize);

        Optional<Boolean> local = context.transportIsLocal(options.transport());
        if (local.orElse(false)) {
            List<Host> whole = hosts.isEmpty() ? List.of()
                    : List.of(new Host(hosts, null, Host.DEFAULT_PORT, Host.NO_MX, HostStatus.UNKNOWN));
            return new RouterResult.Accept(options.transport(), whole);
        }
        if (hosts.isEmpty()) {
            // Verification needs no hosts: the matching rule is enough (-bt is not verification).
            if (context.purpose() != Purpose.DELIVERY && context.purpose() != Purpose.ADDRESS_TEST) {
                return new RouterResult.Accept(options.transport(), List.of());
            }
            return RouterResult.defer("error in " + context.routerName() + " router: no host(s) specified for domain "
                    + address.domain());
        }

        HostListLookup.Outcome found = new HostListLookup(context, address, hostFindFailed)
                .find(HostItem.list(hosts, options.randomize(), random.get()), options.lookup());
        if (found.result() != null) {
            return found.result();
        }
        if (found.hosts().isEmpty()) {
            return allIgnored(context);
        }
        return new RouterResult.Accept(options.transport(), found.hosts());
    }

    /** host_find_failed = ignore dropped every host: host_all_ignored says what then. */
    private RouterResult allIgnored(RoutingContext context) {
        String message = "lookup failed for all hosts in " + context.routerName()
                + " router: host_find_failed=ignore host_all_ignored=" + hostAllIgnored.word();
        return switch (hostAllIgnored) {
            case DECLINE -> RouterResult.decline();
            case PASS -> RouterResult.pass();
            case FAIL -> RouterResult.fail(message);
            case FREEZE -> context.freeze(message);
            default -> RouterResult.defer(message);
        };
    }

    private static MatchResult matches(RoutingContext context, String pattern, String domain) {
        try {
            return context.lists().domain(pattern, domain);
        } catch (ExpansionException e) {
            // Exim's match_isinlist: a forced failure is "not in the list", an error defers.
            return e.isForcedFailure() ? MatchResult.NO_MATCH : MatchResult.DEFER;
        }
    }

    /**
     * A rule's pattern is one item, not a list (Exim matches it with no separator): its
     * colons are doubled so that a list reader keeps it whole.
     */
    private static String oneItem(String pattern) {
        return pattern.replace(":", "::");
    }
}
