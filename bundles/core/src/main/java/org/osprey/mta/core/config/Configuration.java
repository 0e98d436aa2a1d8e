package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osprey.mta.core.registry.InstanceDefinition;

/**
 * A configuration file as read and checked: the main options (typed, against
 * {@link MainOptions}), the named lists, the ACLs as named blocks of lines, the retry and
 * rewrite rules as lines, and the routers, transports and authenticators with their
 * generic and private options. Immutable once loaded. It knows where each setting came
 * from, but never keeps the file open and never reads it again.
 */
public final class Configuration {
    private final String fileName;
    private final ConfigValues main;
    private final NamedLists namedLists;
    private final Map<String, AclDefinition> acls;
    private final List<RetryRuleText> retryRules;
    private final List<LogicalLine> rewriteRules;
    private final List<DriverInstance> routers;
    private final List<DriverInstance> transports;
    private final List<DriverInstance> authenticators;
    private final List<Macro> macros;
    private final ConfigListing listing;
    private final Accounts accounts;
    private final List<ConfigWarning> warnings;

    Configuration(String fileName, ConfigValues main, NamedLists namedLists, Map<String, AclDefinition> acls,
            List<RetryRuleText> retryRules, List<LogicalLine> rewriteRules, List<DriverInstance> routers,
            List<DriverInstance> transports, List<DriverInstance> authenticators, List<Macro> macros,
            ConfigListing listing, Accounts accounts, List<ConfigWarning> warnings) {
        this.fileName = fileName;
        this.main = main;
        this.namedLists = namedLists;
        this.acls = Collections.unmodifiableMap(new LinkedHashMap<>(acls));
        this.retryRules = List.copyOf(retryRules);
        this.rewriteRules = List.copyOf(rewriteRules);
        this.routers = List.copyOf(routers);
        this.transports = List.copyOf(transports);
        this.authenticators = List.copyOf(authenticators);
        this.macros = List.copyOf(macros);
        this.listing = listing;
        this.accounts = accounts;
        this.warnings = List.copyOf(warnings);
    }

    /** The main configuration file's name, as it was given. */
    public String fileName() {
        return fileName;
    }

    /** The main options. */
    public ConfigValues main() {
        return main;
    }

    /** A main option's value, shorthand for {@code main().get(option)}. */
    public <T> T get(ConfigOption<T> option) {
        return main.get(option);
    }

    public NamedLists namedLists() {
        return namedLists;
    }

    /** The ACLs by name, in the order they were defined. */
    public Map<String, AclDefinition> acls() {
        return acls;
    }

    /** The lines of the retry section, taken apart, in order. */
    public List<RetryRuleText> retryRules() {
        return retryRules;
    }

    /** The lines of the rewrite section, in order. */
    public List<LogicalLine> rewriteRules() {
        return rewriteRules;
    }

    /** The routers, in configuration order. */
    public List<DriverInstance> routers() {
        return routers;
    }

    /** The transports, in configuration order. */
    public List<DriverInstance> transports() {
        return transports;
    }

    /** The authenticators, in configuration order. */
    public List<DriverInstance> authenticators() {
        return authenticators;
    }

    public Optional<DriverInstance> router(String name) {
        return routers.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public Optional<DriverInstance> transport(String name) {
        return transports.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    public Optional<DriverInstance> authenticator(String name) {
        return authenticators.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The macros in force at the end of the file, built-in ones first. */
    public List<Macro> macros() {
        return macros;
    }

    /** The options set that Osprey does not act on yet, one warning each, for the log at start. */
    public List<ConfigWarning> warnings() {
        return warnings;
    }

    /** The instances for the driver registry: routers, then transports, then authenticators. */
    public List<InstanceDefinition> toInstanceDefinitions() {
        List<InstanceDefinition> all = new ArrayList<>();
        routers.forEach(r -> all.add(r.definition()));
        transports.forEach(t -> all.add(t.definition()));
        authenticators.forEach(a -> all.add(a.definition()));
        return all;
    }

    ConfigListing listing() {
        return listing;
    }

    Accounts accounts() {
        return accounts;
    }
}
