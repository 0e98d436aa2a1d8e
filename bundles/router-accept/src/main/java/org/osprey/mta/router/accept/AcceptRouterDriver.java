package org.osprey.mta.router.accept;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;

/**
 * Exim's accept router (routers/accept.c). It has no private options: once the engine
 * has found the generic preconditions met (domains, local_parts, check_local_user,
 * condition ...), the address is accepted for the transport named by the generic
 * {@code transport} option, with no hosts of its own, so a remote transport must have
 * its own {@code hosts}. Headers, errors_to and the rest are generic and the engine's.
 * Without a transport the router is only good for verification ({@code verify_only}),
 * which the engine checks.
 */
@Component(service = RouterDriver.class)
@MtaDriver(kind = MtaDriver.ROUTER, name = "accept")
public final class AcceptRouterDriver implements RouterDriver {
    private static final Router ACCEPT = (address, context) -> RouterResult.accept();

    @Override
    public OptionTable options() {
        return OptionTable.empty();
    }

    @Override
    public Router create(DriverConfig config) {
        return ACCEPT;
    }
}
