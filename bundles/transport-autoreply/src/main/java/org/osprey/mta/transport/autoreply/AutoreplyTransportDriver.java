package org.osprey.mta.transport.autoreply;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * Exim's autoreply transport (transports/autoreply.c): instead of delivering the message,
 * it writes a reply to it (a vacation message, say) and submits that as a new message
 * through the delivery's {@link org.osprey.mta.kernel.transport.MessageSubmitter}. Its
 * options are in {@link AutoreplyOptions}; one delivery is {@link AutoreplyTransport}.
 */
@Component(service = TransportDriver.class)
@MtaDriver(kind = MtaDriver.TRANSPORT, name = "autoreply")
public final class AutoreplyTransportDriver implements TransportDriver {

    @Override
    public OptionTable options() {
        return AutoreplyOptions.TABLE;
    }

    @Override
    public Transport create(DriverConfig config) {
        return new AutoreplyTransport(config.instanceName(), config.options());
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
