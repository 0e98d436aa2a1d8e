package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.core.registry.InstanceDefinition;
import org.osprey.mta.core.registry.OptionSetting;
import org.osprey.mta.kernel.option.OptionTable;

/**
 * One router, transport or authenticator as the configuration defines it: its name, where
 * it starts, its generic options (typed, against the generic table of its kind) and its
 * private options (checked against its driver's table, kept as text for the driver).
 * Written while its section is read, read-only after.
 */
public final class DriverInstance {
    private final DriverKind kind;
    private final String name;
    private final Location location;
    private final ConfigValues generic;
    private OptionTable privateTable;
    private final Map<String, OptionSetting> privateOptions = new LinkedHashMap<>();
    private final Set<String> hiddenPrivate = new HashSet<>();
    private boolean selfRewrite;

    DriverInstance(DriverKind kind, String name, Location location, ConfigOptionTable genericTable) {
        this.kind = kind;
        this.name = name;
        this.location = location;
        this.generic = new ConfigValues(genericTable);
    }

    public DriverKind kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    /** Where the instance's name line is. */
    public Location location() {
        return location;
    }

    /** The value of {@code driver}, or null when the block has not set it (yet). */
    public String driverName() {
        return (String) generic.raw(generic.table().find("driver").orElseThrow());
    }

    /** The generic options. */
    public ConfigValues generic() {
        return generic;
    }

    /** The private options set, in the order they were first set. */
    public List<OptionSetting> privateOptions() {
        return List.copyOf(privateOptions.values());
    }

    /** The driver's private option table (empty until {@code driver} is set). */
    public OptionTable privateTable() {
        return privateTable == null ? OptionTable.empty() : privateTable;
    }

    /** Whether a private option was set with {@code hide}. */
    public boolean isPrivateHidden(String optionName) {
        return hiddenPrivate.contains(optionName);
    }

    /** The private option's setting, if the block set it. */
    public Optional<OptionSetting> privateSetting(String optionName) {
        return Optional.ofNullable(privateOptions.get(optionName));
    }

    /** The definition the driver registry binds to a driver. */
    public InstanceDefinition definition() {
        return new InstanceDefinition(kind, name, driverName(), new ArrayList<>(privateOptions.values()));
    }

    /**
     * For a router whose {@code self} is {@code reroute:rewrite:<domain>}: true, the message's
     * headers follow the change of domain (Exim's self_rewrite). The {@code self} option
     * itself holds only the domain then, as Exim keeps it and {@code -bP} prints it.
     */
    public boolean selfRewrite() {
        return selfRewrite;
    }

    void selfRewrite(boolean value) {
        this.selfRewrite = value;
    }

    boolean hasDriverTable() {
        return privateTable != null;
    }

    void driverTable(OptionTable table) {
        this.privateTable = table;
    }

    boolean privateIsSet(String optionName) {
        return privateOptions.containsKey(optionName);
    }

    void setPrivate(OptionSetting setting, boolean hide) {
        privateOptions.put(setting.name(), setting);
        if (hide) {
            hiddenPrivate.add(setting.name());
        }
    }

    @Override
    public String toString() {
        return kind + " " + name;
    }
}
