package org.osprey.mta.core.deliver;

import java.util.List;
import java.util.function.UnaryOperator;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.router.DnsQuery;
import org.osprey.mta.kernel.router.HostFinder;
import org.osprey.mta.kernel.router.HostLookup;

/**
 * The engine's host finder as a remote transport gets it for the hosts it names itself:
 * each host found comes with what the retry hints say of it, as the router's hosts do, so
 * that the transport skips those whose retry time has not come (Exim's smtp transport calls
 * retry_check_address for every host, however it was found).
 */
final class RetryStatusFinder implements HostFinder {
    private final HostFinder finder;
    private final UnaryOperator<List<Host>> statuses;

    RetryStatusFinder(HostFinder finder, UnaryOperator<List<Host>> statuses) {
        this.finder = finder;
        this.statuses = statuses;
    }

    @Override
    public HostLookup byName(String name) {
        return withStatuses(finder.byName(name));
    }

    @Override
    public HostLookup byDns(String name, DnsQuery query) {
        return withStatuses(finder.byDns(name, query));
    }

    private HostLookup withStatuses(HostLookup found) {
        return new HostLookup(found.status(), statuses.apply(found.hosts()), found.fullyQualifiedName(),
                found.localHostRemoved(), found.dnssecAuthenticated(), found.message());
    }
}
