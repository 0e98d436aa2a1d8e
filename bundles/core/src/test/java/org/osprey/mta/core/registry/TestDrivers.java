package org.osprey.mta.core.registry;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.model.Host;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.router.Router;
import org.osprey.mta.kernel.router.RouterDriver;
import org.osprey.mta.kernel.router.RouterResult;

/** Small real drivers for the registry's unit tests. */
final class TestDrivers {
    private TestDrivers() {
    }

    /** Accepts for a host named after the driver's label, so tests can tell which driver routed. */
    static final class LabelRouterDriver implements RouterDriver {
        static final Option<String> HOST = Option.string("host");
        static final Option<Boolean> REFUSE = Option.bool("refuse", false);
        final String label;
        final AtomicInteger created = new AtomicInteger();

        LabelRouterDriver(String label) {
            this.label = label;
        }

        @Override
        public OptionTable options() {
            return OptionTable.of(HOST, REFUSE);
        }

        @Override
        public Router create(DriverConfig config) throws ConfigurationException {
            if (config.options().get(REFUSE)) {
                throw new ConfigurationException("refuse is set");
            }
            created.incrementAndGet();
            String host = config.options().get(HOST);
            return (address, context) -> RouterResult.accept(List.of(Host.named(host == null ? label : host)));
        }
    }

    static DriverService service(DriverKind kind, String name, Object driver, int ranking, long id) {
        return new DriverService(kind, name, driver, ranking, id, "test " + id);
    }
}
