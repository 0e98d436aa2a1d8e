package org.osprey.mta.core.cli;

import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;

/** Listed as a driver but without @MtaDriver: the launcher must leave it out and say so. */
public final class UnnamedRouterDriver implements RouterDriver {
    @Override
    public OptionTable options() {
        return OptionTable.empty();
    }

    @Override
    public Router create(DriverConfig config) {
        return (address, context) -> RouterResult.decline();
    }
}
