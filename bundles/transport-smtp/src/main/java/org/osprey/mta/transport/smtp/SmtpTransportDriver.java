package org.osprey.mta.transport.smtp;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * Exim's smtp transport (transports/smtp.c): delivers a message over SMTP to the hosts
 * the router found, or to the hosts of its own {@code hosts} option, one host after
 * another until one takes it. Its options are in {@link SmtpOptions}; one delivery is
 * {@link SmtpTransport}, one connection {@link SmtpSession}.
 *
 * <p>It must never report an address delivered before the server has accepted the final
 * dot, and never fail an address on anything but a 5xx reply.
 */
@Component(service = TransportDriver.class)
@MtaDriver(kind = MtaDriver.TRANSPORT, name = "smtp")
public final class SmtpTransportDriver implements TransportDriver {

    @Override
    public OptionTable options() {
        return SmtpOptions.TABLE;
    }

    @Override
    public Transport create(DriverConfig config) throws ConfigurationException {
        return new SmtpTransport(Settings.from(config.instanceName(), config.options()));
    }

    @Override
    public boolean isLocal() {
        return false;
    }
}
