package org.osprey.mta.transport.lmtp;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * Exim's lmtp transport (transports/lmtp.c): delivers a batch of addresses by LMTP
 * (RFC 2033) to a command run with the dialogue on its standard input and output, or to a
 * Unix domain socket. Its options are in {@link LmtpOptions}; one delivery is an
 * {@link LmtpDialogue}.
 */
@Component(service = TransportDriver.class)
@MtaDriver(kind = MtaDriver.TRANSPORT, name = "lmtp")
public final class LmtpTransportDriver implements TransportDriver {

    @Override
    public OptionTable options() {
        return LmtpOptions.TABLE;
    }

    @Override
    public Transport create(DriverConfig config) throws ConfigurationException {
        return LmtpTransport.from(config.instanceName(), config.options());
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
