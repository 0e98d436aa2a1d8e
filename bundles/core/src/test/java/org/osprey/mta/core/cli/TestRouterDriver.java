package org.osprey.mta.core.cli;

import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;

/** A driver on the test class path, listed in META-INF/services as a driver bundle lists its own. */
@MtaDriver(kind = MtaDriver.ROUTER, name = "testroute")
public final class TestRouterDriver implements RouterDriver {
    @Override
    public OptionTable options() {
        return OptionTable.empty();
    }

    @Override
    public Router create(DriverConfig config) {
        return (address, context) -> RouterResult.decline();
    }
}
