package org.osprey.mta.core.registry;

import java.util.Objects;

/**
 * One private option as the configuration sets it.
 *
 * @param name the option's name
 * @param value its text ({@code true} or {@code false} for a boolean written bare or with {@code no_})
 * @param location where it was set, as Exim says it ({@code line 12 of /etc/osprey/configure}), or "" if nowhere in a file
 */
public record OptionSetting(String name, String value, String location) {
    public OptionSetting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(location, "location");
    }
}
