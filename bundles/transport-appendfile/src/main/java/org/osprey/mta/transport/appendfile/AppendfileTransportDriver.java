package org.osprey.mta.transport.appendfile;

import org.osgi.service.component.annotations.Component;
import org.osprey.mta.kernel.driver.ConfigurationException;
import org.osprey.mta.kernel.driver.DriverConfig;
import org.osprey.mta.kernel.driver.MtaDriver;
import org.osprey.mta.kernel.option.OptionTable;
import org.osprey.mta.kernel.transport.Transport;
import org.osprey.mta.kernel.transport.TransportDriver;

/**
 * Exim's appendfile transport (transports/appendfile.c): local delivery by appending to
 * a mailbox file in the traditional ("BSD") format under a lock file and an fcntl lock,
 * or by writing each message as a new file in a directory, in maildir format or in
 * Exim's plain form. Its options are in {@link AppendfileOptions}; the checks Exim makes
 * when it reads them are in {@link Settings}; what one delivery does is in
 * {@link AppendfileTransport}, {@link MailboxFile} and {@link MessageFiles}.
 *
 * <p>It must never report a message delivered before its bytes (and for a new file, its
 * directory entry) have been forced to the disk, and never leave part of a message in a
 * mailbox: a failed append is cut back to the mailbox's size before it.
 */
@Component(service = TransportDriver.class)
@MtaDriver(kind = MtaDriver.TRANSPORT, name = "appendfile")
public final class AppendfileTransportDriver implements TransportDriver {

    @Override
    public OptionTable options() {
        return AppendfileOptions.TABLE;
    }

    @Override
    public Transport create(DriverConfig config) throws ConfigurationException {
        return new AppendfileTransport(Settings.from(config.instanceName(), config.options()));
    }

    @Override
    public boolean isLocal() {
        return true;
    }
}
