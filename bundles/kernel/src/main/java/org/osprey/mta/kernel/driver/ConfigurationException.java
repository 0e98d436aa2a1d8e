package org.osprey.mta.kernel.driver;

/**
 * A driver refuses an instance's configuration: options that are each valid but do not
 * fit together (Exim's driver init checks, such as "route_list or route_data must be
 * set"). The engine reports it with the instance's name, file and line, and refuses the
 * configuration.
 */
public final class ConfigurationException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(message);
    }
}
