package org.osprey.mta.core.config;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A table of Exim's own options, sorted by name as Exim keeps its tables (and as {@code -bP}
 * prints them). Immutable.
 */
public final class ConfigOptionTable {
    private final String scope;
    private final Map<String, ConfigOption<?>> byName;

    private ConfigOptionTable(String scope, Map<String, ConfigOption<?>> byName) {
        this.scope = scope;
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** A table; two options with one name are a programming error. */
    static ConfigOptionTable of(String scope, Collection<ConfigOption<?>> options) {
        TreeMap<String, ConfigOption<?>> map = new TreeMap<>();
        for (ConfigOption<?> option : options) {
            if (map.put(option.name(), option) != null) {
                throw new IllegalArgumentException("option \"" + option.name() + "\" declared twice");
            }
        }
        for (ConfigOption<?> option : options) {
            if (!map.containsKey(option.storage()) || !option.alsoSets().stream().allMatch(map::containsKey)) {
                throw new IllegalArgumentException("option \"" + option.name() + "\" sets an option not in the table");
            }
        }
        return new ConfigOptionTable(scope, map);
    }

    /** What the options belong to: {@code main}, {@code routers}, {@code transports} or {@code authenticators}. */
    public String scope() {
        return scope;
    }

    public Optional<ConfigOption<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every option, hidden ones included, in name order. */
    public List<ConfigOption<?>> options() {
        return List.copyOf(byName.values());
    }

    public boolean contains(ConfigOption<?> option) {
        return byName.get(option.name()) == option;
    }
}
