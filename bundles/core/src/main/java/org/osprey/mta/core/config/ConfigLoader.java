package org.osprey.mta.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Reads a configuration file in Exim's format and checks it as Exim 4.96 checks it, in
 * the same order, so that the first fault reported is the one Exim reports, in Exim's
 * words. The result is a {@link Configuration}, or a {@link ConfigException}.
 *
 * <pre>{@code
 * Configuration c = ConfigLoader.load(Path.of("/etc/osprey/configure"), Map.of("DEBUG", "1"),
 *         DriverTables.of(registry));
 * }</pre>
 *
 * Never writes anything: warnings about options Osprey does not act on yet are in the
 * result, for the caller to log.
 */
public final class ConfigLoader {
    /** The version {@code -bP config} names in its first line (Exim's version_string). */
    static final String VERSION = "4.96";
    private static final String[] SECTIONS = {
        "acls", "authenticators", "local_scans", "retrys", "rewrites", "routers", "transports",
    };

    private final DriverTables drivers;
    private Accounts accounts = Accounts.system();
    private Supplier<String> hostName = new LocalHostName();
    private Expander expander;

    public ConfigLoader(DriverTables drivers) {
        this.drivers = Objects.requireNonNull(drivers, "drivers");
    }

    /**
     * Loads a configuration with the system's accounts and host name.
     *
     * @param commandLineMacros the {@code -D} macros, in command-line order
     */
    public static Configuration load(Path file, Map<String, String> commandLineMacros, DriverTables drivers)
            throws ConfigException {
        return new ConfigLoader(drivers).load(file, commandLineMacros);
    }

    /** Users and groups to look names up in (the system's by default). */
    public ConfigLoader accounts(Accounts accounts) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        return this;
    }

    /** The default {@code primary_hostname} (the system's host name by default). */
    public ConfigLoader hostName(Supplier<String> hostName) {
        this.hostName = Objects.requireNonNull(hostName, "hostName");
        return this;
    }

    /**
     * The expander for the few values Exim expands as it reads the file. Without one, the
     * loader expands escapes and the variables known at that time, and nothing else.
     */
    public ConfigLoader expander(Expander expander) {
        this.expander = expander;
        return this;
    }

    public Configuration load(Path file, Map<String, String> commandLineMacros) throws ConfigException {
        Macros macros = new Macros(BuiltinMacros.of(drivers));
        commandLineMacros.forEach(macros::defineFromCommandLine);
        ConfigListing listing = new ConfigListing(VERSION);
        ConfigFileReader reader = new ConfigFileReader(file, macros, listing);
        ConfigValues main = new ConfigValues(MainOptions.TABLE);
        NamedLists lists = new NamedLists();
        String configDir = Path.of(file.toString()).toAbsolutePath().getParent().toString();
        ValueContext context = new ValueContext(accounts, expanderFor(main, file.toString(), configDir),
                () -> main.get(MainOptions.MAX_USERNAME_LENGTH));
        new MainSectionReader(reader, macros, main, lists, context).read();
        new MainChecks(main, accounts, hostName, v -> expanderFor(v, file.toString(), configDir)).run();

        Map<String, AclDefinition> acls = new LinkedHashMap<>();
        List<RetryRuleText> retries = new ArrayList<>();
        List<LogicalLine> rewrites = new ArrayList<>();
        Map<DriverKind, List<DriverInstance>> instances = new HashMap<>();
        Set<String> had = new LinkedHashSet<>();
        while (!reader.nextSection().isEmpty()) {
            String name = reader.nextSection();
            String plural = AsciiChars.toLower(name.charAt(name.length() - 1)) == 's' ? name : name + "s";
            String section = known(plural);
            Location location = reader.location();
            if (section == null) {
                throw ConfigException.inLine(location, "\"" + name + "\" is not a known configuration section name");
            }
            if (!had.add(section)) {
                throw ConfigException.inLine(location, "\"" + name + "\" section is repeated in the configuration file");
            }
            switch (section) {
                case "acls" -> acls.putAll(new AclSectionReader(reader, macros).read());
                case "authenticators" -> instances.put(DriverKind.AUTHENTICATOR,
                        drivers(reader, macros, DriverKind.AUTHENTICATOR, context));
                case "local_scans" -> throw ConfigException.inLine(location, "local_scan() options not supported: "
                        + "(LOCAL_SCAN_HAS_OPTIONS not defined in Local/Makefile)");
                case "retrys" -> {
                    for (LogicalLine line = reader.next(); line != null; line = reader.next()) {
                        retries.add(RetryRuleCheck.check(line));
                    }
                }
                case "rewrites" -> {
                    for (LogicalLine line = reader.next(); line != null; line = reader.next()) {
                        RewriteRule.parse(line.text(), true, line.location());
                        rewrites.add(line);
                    }
                }
                case "routers" -> instances.put(DriverKind.ROUTER, drivers(reader, macros, DriverKind.ROUTER, context));
                default -> instances.put(DriverKind.TRANSPORT,
                        drivers(reader, macros, DriverKind.TRANSPORT, context));
            }
        }
        List<DriverInstance> routers = instances.getOrDefault(DriverKind.ROUTER, List.of());
        List<DriverInstance> transports = instances.getOrDefault(DriverKind.TRANSPORT, List.of());
        List<DriverInstance> auths = instances.getOrDefault(DriverKind.AUTHENTICATOR, List.of());
        return new Configuration(file.toString(), main, lists, acls, retries, rewrites, routers, transports, auths,
                macros.all(), listing, accounts, warnings(main, routers, transports, auths));
    }

    private List<DriverInstance> drivers(ConfigFileReader reader, Macros macros, DriverKind kind,
            ValueContext context) throws ConfigException {
        List<DriverInstance> read = new DriverSectionReader(reader, macros, kind, drivers, context).read();
        DriverChecks.afterSection(kind, read);
        return read;
    }

    /** The section's name as Exim's table has it, matched without regard to case; null if unknown. */
    private static String known(String plural) {
        for (String section : SECTIONS) {
            if (section.equalsIgnoreCase(plural)) {
                return section;
            }
        }
        return null;
    }

    private Expander expanderFor(ConfigValues main, String file, String configDir) {
        if (expander != null) {
            return expander;
        }
        Map<String, String> variables = new HashMap<>();
        variables.put("config_dir", configDir);
        variables.put("config_file", file);
        variables.put("version_number", VERSION);
        putIfSet(variables, "primary_hostname", main.get(MainOptions.PRIMARY_HOSTNAME));
        putIfSet(variables, "qualify_domain", main.get(MainOptions.QUALIFY_DOMAIN));
        putIfSet(variables, "qualify_recipient", main.get(MainOptions.QUALIFY_RECIPIENT));
        putIfSet(variables, "spool_directory", main.get(MainOptions.SPOOL_DIRECTORY));
        putIfSet(variables, "exim_path", main.get(MainOptions.EXIM_PATH));
        return new ReadTimeExpander(variables);
    }

    private static void putIfSet(Map<String, String> variables, String name, String value) {
        if (value != null) {
            variables.put(name, value);
        }
    }

    private static List<ConfigWarning> warnings(ConfigValues main, List<DriverInstance> routers,
            List<DriverInstance> transports, List<DriverInstance> auths) {
        List<ConfigWarning> warnings = new ArrayList<>();
        for (ConfigOption<?> option : main.setOptions()) {
            if (NotYetSupportedOptions.main(option.name())) {
                warnings.add(new ConfigWarning("main", option.name(), main.location(option).orElseThrow()));
            }
        }
        for (List<DriverInstance> list : List.of(routers, transports, auths)) {
            Set<String> warned = new LinkedHashSet<>();
            for (DriverInstance instance : list) {
                for (ConfigOption<?> option : instance.generic().setOptions()) {
                    if (NotYetSupportedOptions.generic(instance.kind(), option.name())
                            && warned.add(option.name())) {
                        warnings.add(new ConfigWarning(instance.kind().toString(), option.name(),
                                instance.generic().location(option).orElseThrow()));
                    }
                }
            }
        }
        return warnings;
    }
}
