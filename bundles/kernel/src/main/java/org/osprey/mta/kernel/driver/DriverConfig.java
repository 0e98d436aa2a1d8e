package org.osprey.mta.kernel.driver;

import org.osprey.mta.kernel.option.OptionValues;

/**
 * One configured instance of a driver, as the engine hands it to the driver: the instance
 * name (the name before the colon, {@code remote_smtp:}) and its private options, already
 * checked against the driver's option table.
 *
 * @param instanceName the instance's name in the configuration
 * @param options the instance's private options
 */
public record DriverConfig(String instanceName, OptionValues options) {
}
