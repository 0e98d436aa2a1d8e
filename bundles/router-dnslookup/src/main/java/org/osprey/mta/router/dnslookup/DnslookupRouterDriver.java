package org.osprey.mta.router.dnslookup;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;

/**
 * Exim's dnslookup router (routers/dnslookup.c): the hosts for a mail domain, from its SRV,
 * MX or address records in the DNS. The DNS is the engine's, reached through
 * {@link org.osprey.mta.kernel.router.RoutingContext#hosts()}, so this bundle needs
 * nothing but the kernel. A transport must be set unless the router is {@code verify_only}
 * (the engine checks that).
 */
@Component(service = RouterDriver.class)
@MtaDriver(kind = MtaDriver.ROUTER, name = "dnslookup")
public final class DnslookupRouterDriver implements RouterDriver {

    @Override
    public OptionTable options() {
        return DnslookupOptions.TABLE;
    }

    @Override
    public Router create(DriverConfig config) {
        return new DnslookupRouter(config.instanceName(), config.options());
    }
}
