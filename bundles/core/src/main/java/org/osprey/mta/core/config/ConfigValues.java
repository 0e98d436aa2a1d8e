package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The values of one table of Exim's own options: the main options, or the generic options
 * of one router, transport or authenticator. An option not set in the file has its
 * default (or the value Exim works out for it when the file has been read, such as
 * {@code qualify_domain}). Written only while the configuration is read; read-only after.
 */
public final class ConfigValues {
    private final ConfigOptionTable table;
    private final Map<String, Object> values = new HashMap<>();
    private final Set<String> set = new HashSet<>();
    private final Set<String> hidden = new HashSet<>();
    private final Map<String, Location> locations = new LinkedHashMap<>();

    ConfigValues(ConfigOptionTable table) {
        this.table = table;
    }

    public ConfigOptionTable table() {
        return table;
    }

    /** The option's value: as configured, as worked out, or its default ({@code null} for unset). */
    public <T> T get(ConfigOption<T> option) {
        checked(option);
        String key = option.storage();
        if (values.containsKey(key)) {
            @SuppressWarnings("unchecked")
            T value = (T) values.get(key);
            return value;
        }
        @SuppressWarnings("unchecked")
        T fallback = (T) table.find(key).orElseThrow().defaultValue();
        return fallback;
    }

    /** Whether the configuration file set the option (by this name; an alias counts for itself). */
    public boolean isSet(ConfigOption<?> option) {
        return set.contains(checked(option).name());
    }

    /** Whether the setting was prefixed with {@code hide}: {@code -bP} shows it only to administrators. */
    public boolean isHidden(ConfigOption<?> option) {
        return hidden.contains(checked(option).name());
    }

    /** Where the file set the option, if it did. */
    public Optional<Location> location(ConfigOption<?> option) {
        return Optional.ofNullable(locations.get(checked(option).name()));
    }

    /** The options the file set, in the order it first set them. */
    public List<ConfigOption<?>> setOptions() {
        List<ConfigOption<?>> options = new ArrayList<>();
        locations.keySet().forEach(name -> options.add(table.find(name).orElseThrow()));
        return options;
    }

    Object raw(ConfigOption<?> option) {
        return get(option);
    }

    /** Records that the file set the option here, with or without {@code hide}. */
    void markSet(ConfigOption<?> option, boolean hide, Location location) {
        set.add(option.name());
        locations.put(option.name(), location);
        if (hide) {
            hidden.add(option.name());
        }
    }

    /** Sets the value the option stands for (its own, or its target's when it is an alias). */
    void put(ConfigOption<?> option, Object value) {
        values.put(option.storage(), value);
    }

    /** Sets a value by the name of the option that holds it. */
    void putByName(String name, Object value) {
        values.put(name, value);
    }

    private ConfigOption<?> checked(ConfigOption<?> option) {
        if (!table.contains(option)) {
            throw new IllegalArgumentException("option \"" + option.name() + "\" is not in the "
                    + table.scope() + " table");
        }
        return option;
    }
}
