package org.osprey.mta.kernel.option;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A driver's private options, sorted by name as Exim keeps its tables, so that reading the
 * table tells the whole surface of the driver. Immutable.
 */
public final class OptionTable {
    private static final OptionTable EMPTY = new OptionTable(new TreeMap<>());
    private final Map<String, Option<?>> byName;

    private OptionTable(TreeMap<String, Option<?>> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /** A table of these options; two with one name are a programming error. */
    public static OptionTable of(Option<?>... options) {
        TreeMap<String, Option<?>> map = new TreeMap<>();
        for (Option<?> option : options) {
            if (map.put(option.name(), option) != null) {
                throw new IllegalArgumentException("option \"" + option.name() + "\" declared twice");
            }
        }
        return new OptionTable(map);
    }

    /** The table of a driver with no private options (the accept router, for one). */
    public static OptionTable empty() {
        return EMPTY;
    }

    public Optional<Option<?>> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The options in name order. */
    public List<Option<?>> options() {
        return List.copyOf(byName.values());
    }

    public boolean contains(Option<?> option) {
        return byName.get(option.name()) == option;
    }

    @Override
    public String toString() {
        return Arrays.toString(byName.keySet().toArray());
    }
}
