package org.osprey.mta.core.registry;

import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * Logs every registry change, to the System.Logger {@code org.osprey.mta.core.registry}
 * (in Karaf, the Karaf log). An instance going unavailable is a warning, the rest is
 * information. The long-running engine attaches it; the command-line launcher, whose
 * drivers cannot change while it runs, does not.
 */
public final class DriverEventLog implements Consumer<DriverEvent> {
    private static final System.Logger LOG = System.getLogger("org.osprey.mta.core.registry");

    @Override
    public void accept(DriverEvent event) {
        LOG.log(event.type() == DriverEvent.Type.INSTANCE_UNAVAILABLE ? Level.WARNING : Level.INFO, event.detail());
    }
}
