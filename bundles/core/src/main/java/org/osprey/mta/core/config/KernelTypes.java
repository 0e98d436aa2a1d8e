package org.osprey.mta.core.config;

import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.option.OptionValueException;

/**
 * The kernel's option types, which read booleans, integers, fixed-point numbers and times
 * exactly as Exim's reader does, for the engine's own options: one implementation for
 * main, generic and driver options alike, with the kernel's message put in the reader's
 * "in line N of FILE" frame.
 */
final class KernelTypes {
    private KernelTypes() {
    }

    static <T> T parse(OptionType<T> type, String name, String text, Location location) throws ConfigException {
        try {
            return type.parse(name, text);
        } catch (OptionValueException e) {
            throw ConfigException.inLine(location, e.getMessage());
        }
    }
}
