package org.osprey.mta.kernel.transport;

import org.osprey.mta.kernel.driver.Driver;

/** A transport driver, such as smtp or appendfile: published as a service with {@code mta.driver.kind=transport}. */
public interface TransportDriver extends Driver<Transport> {

    /** True for a local transport (delivering on this host), false for a remote one. */
    boolean isLocal();
}
