package org.osprey.mta.kernel.driver;

import org.osprey.mta.kernel.option.OptionTable;

/**
 * A driver whose configuration has instances: routers, transports and authenticators.
 * The driver is a factory: it declares its private options and makes one instance for
 * each configured block that names it. The engine may make a new instance at any time
 * (a configuration reload, the driver coming back after a stop) and drops old ones
 * without notice, so an instance holds no resource that needs closing.
 *
 * @param <I> the kind of instance
 */
public interface Driver<I> {

    /** The driver's private options. The generic options of its kind are the engine's and are not listed. */
    OptionTable options();

    /**
     * Makes an instance from a configured block.
     *
     * @throws ConfigurationException when the options do not fit together
     */
    I create(DriverConfig config) throws ConfigurationException;
}
