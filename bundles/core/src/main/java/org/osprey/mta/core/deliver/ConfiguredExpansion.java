package org.osprey.mta.core.deliver;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.Macro;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.ExpansionTester;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.lookup.Lookups;

/**
 * The expansion environment of a loaded configuration: its main options as the
 * expansion engine reads them, its named lists and macros, and the lookup layer.
 */
public final class ConfiguredExpansion implements ExpansionEnvironment {
    private final Configuration config;
    private final Lookups lookups;
    private final Map<String, String> macros = new LinkedHashMap<>();

    public ConfiguredExpansion(Configuration config, Lookups lookups) {
        this.config = config;
        this.lookups = lookups;
        // All of them, built-in ones first, in the order Exim's -be replaces them.
        for (Macro macro : config.macros()) {
            macros.put(macro.name(), macro.replacement());
        }
    }

    @Override
    public Settings settings() {
        return this::setting;
    }

    /**
     * A main option's value as text: booleans as true or false, unset as empty; and the
     * configuration file's path and directory, which {@code $config_file} and
     * {@code $config_dir} give in every expansion (the shipped aliases are {@code $config_dir/aliases}).
     */
    private Optional<String> setting(String name) {
        switch (name) {
            case "config_file":
                return Optional.of(Path.of(config.fileName()).toAbsolutePath().toString());
            case "config_dir":
                return Optional.of(Path.of(config.fileName()).toAbsolutePath().getParent().toString());
            default:
                return MainOptions.TABLE.find(name).map(option -> config.get((ConfigOption<?>) option))
                        .map(String::valueOf);
        }
    }

    @Override
    public Lookups lookups() {
        return lookups;
    }

    @Override
    public Optional<NamedList> namedList(ListType type, String name) {
        return config.namedLists().find(type, name);
    }

    @Override
    public Map<String, String> macros() {
        return macros;
    }

    /** What Exim's -be knows of its caller and of itself. */
    public ExpansionContext invokerContext(String login, long uid, long gid) {
        Map<String, String> own = new LinkedHashMap<>();
        setting("exim_path").ifPresent(v -> own.put("exim_path", v));
        setting("spool_directory").ifPresent(v -> own.put("spool_directory", v));
        return ExpansionTester.invokerContext(login, uid, gid, this).with(own);
    }
}
