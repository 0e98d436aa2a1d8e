package org.osprey.mta.transport.pipe;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * Exim's pipe transport (transports/pipe.c): runs a command, without a shell unless asked,
 * and writes the message to its standard input; the command's exit status decides the
 * outcome. Its options are in {@link PipeOptions}; the checks Exim makes when it reads them
 * are in {@link Settings}; what one delivery does is in {@link PipeTransport}.
 */
@Component(service = TransportDriver.class)
@MtaDriver(kind = MtaDriver.TRANSPORT, name = "pipe")
public final class PipeTransportDriver implements TransportDriver {

    @Override
    public OptionTable options() {
        return PipeOptions.TABLE;
    }

    @Override
    public Transport create(DriverConfig config) throws ConfigurationException {
        return new PipeTransport(Settings.from(config.instanceName(), config.options()));
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
