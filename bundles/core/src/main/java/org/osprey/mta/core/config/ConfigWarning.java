package org.osprey.mta.core.config;

/**
 * A warning about a configuration that loads: an option set that Osprey knows but does
 * not act on yet. There is one per option name and scope, at the first place it is set.
 *
 * @param scope {@code main}, {@code router}, {@code transport} or {@code authenticator}
 * @param option the option's name
 * @param location where it is first set
 */
public record ConfigWarning(String scope, String option, Location location) {

    /** The warning as the log shows it. */
    public String message() {
        return scope + " option \"" + option + "\" is not supported yet and has no effect (" + location + ")";
    }
}
