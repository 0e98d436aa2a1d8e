package org.osprey.mta.router.manualroute;

import java.util.concurrent.ThreadLocalRandom;
import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.option.OptionValues;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;

/**
 * Exim's manualroute router (routers/manualroute.c): routes by the domain to hosts that the
 * configuration names, in {@code route_list} rules or in what {@code route_data} expands to.
 * The generic options, {@code self} and {@code ignore_target_hosts} included, are the
 * engine's; {@code same_domain_copy_routing} is declared here, as in Exim's table, for the
 * engine to read.
 */
@Component(service = RouterDriver.class)
@MtaDriver(kind = MtaDriver.ROUTER, name = "manualroute")
public final class ManualrouteRouterDriver implements RouterDriver {
    static final Option<String> HOST_ALL_IGNORED = Option.string("host_all_ignored", "defer");
    static final Option<String> HOST_FIND_FAILED = Option.string("host_find_failed", "freeze");
    static final Option<Boolean> HOSTS_RANDOMIZE = Option.bool("hosts_randomize", false);
    static final Option<String> ROUTE_DATA = Option.string("route_data").expanded();
    static final Option<String> ROUTE_LIST = Option.of("route_list", OptionType.STRING_LIST, null);
    static final Option<Boolean> SAME_DOMAIN_COPY_ROUTING = Option.bool("same_domain_copy_routing", false);

    private static final OptionTable OPTIONS = OptionTable.of(HOST_ALL_IGNORED, HOST_FIND_FAILED, HOSTS_RANDOMIZE,
            ROUTE_DATA, ROUTE_LIST, SAME_DOMAIN_COPY_ROUTING);

    @Override
    public OptionTable options() {
        return OPTIONS;
    }

    /** Exim's manualroute_router_init checks, with its words. */
    @Override
    public Router create(DriverConfig config) throws ConfigurationException {
        OptionValues values = config.options();
        HostFailureAction hostFindFailed = HostFailureAction.named(values.get(HOST_FIND_FAILED))
                .orElseThrow(() -> new ConfigurationException("unrecognized setting for host_find_failed option"));
        HostFailureAction hostAllIgnored = HostFailureAction.named(values.get(HOST_ALL_IGNORED))
                .filter(action -> action != HostFailureAction.IGNORE)
                .orElseThrow(() -> new ConfigurationException("unrecognized setting for host_all_ignored option"));
        String routeList = values.get(ROUTE_LIST);
        String routeData = values.text(ROUTE_DATA).orElse(null);
        if ((routeList == null) == (routeData == null)) {
            throw new ConfigurationException("route_list or route_data (but not both) must be specified");
        }
        return new ManualrouteRouter(routeList, routeData, values.get(HOSTS_RANDOMIZE), hostFindFailed, hostAllIgnored,
                ThreadLocalRandom::current);
    }
}
