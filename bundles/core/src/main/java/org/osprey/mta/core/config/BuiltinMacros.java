package org.osprey.mta.core.config;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.osprey.mta.core.registry.DriverKind;
import org.osprey.mta.kernel.option.Option;

/**
 * The built-in macros, in Exim's order (the newest first, which is the order they are
 * tried in a line): {@code _HAVE_}, {@code _LOG_}, {@code _ACL_} and the like, recorded
 * from the reference build, and the {@code _OPT_} and {@code _DRIVER_} macros made from
 * Osprey's own option tables and the drivers present, as Exim makes them from its tables.
 * A configuration tests them with {@code .ifdef}. Never defines a macro a configuration
 * could define (built-in names start with an underscore).
 */
final class BuiltinMacros {
    private static final String RESOURCE = "builtin-macros.txt";
    private static final String OPTIONS_MARK = "@OPTIONS";
    private static final int MAX_NAME = 63;

    private BuiltinMacros() {
    }

    static List<Macro> of(DriverTables drivers) {
        List<Macro> macros = new ArrayList<>();
        for (String line : recorded()) {
            if (line.equals(OPTIONS_MARK)) {
                macros.addAll(optionMacros(drivers));
            } else {
                int eq = line.indexOf('=');
                macros.add(new Macro(line.substring(0, eq), line.substring(eq + 1), false, true));
            }
        }
        return macros;
    }

    /** The names of Exim's log selectors: the {@code _LOG_} macros, lower-cased and sorted. */
    static List<String> logSelectorNames() {
        List<String> names = new ArrayList<>();
        for (String line : recorded()) {
            if (line.startsWith("_LOG_")) {
                names.add(line.substring(5, line.indexOf('=')).toLowerCase(Locale.ROOT));
            }
        }
        names.sort(null);
        return names;
    }

    /** The _OPT_ and _DRIVER_ macros, newest first, as Exim's macro_predef makes them. */
    private static List<Macro> optionMacros(DriverTables drivers) {
        List<String> created = new ArrayList<>();
        options(created, "MAIN", MainOptions.TABLE);
        kind(created, DriverKind.ROUTER, "ROUTERS", RouterOptions.TABLE, drivers);
        kind(created, DriverKind.TRANSPORT, "TRANSPORTS", TransportOptions.TABLE, drivers);
        kind(created, DriverKind.AUTHENTICATOR, "AUTHENTICATORS", AuthenticatorOptions.TABLE, drivers);
        List<Macro> macros = new ArrayList<>();
        for (int i = created.size() - 1; i >= 0; i--) {
            macros.add(new Macro(created.get(i), "y", false, true));
        }
        return macros;
    }

    private static void options(List<String> created, String section, ConfigOptionTable table) {
        for (ConfigOption<?> option : table.options()) {
            created.add(name("_OPT_" + section + "_" + option.name()));
        }
    }

    private static void kind(List<String> created, DriverKind kind, String section, ConfigOptionTable generic,
            DriverTables drivers) {
        options(created, section, generic);
        String single = kind.property().toUpperCase(Locale.ROOT);
        Set<String> names = drivers.driverNames(kind);
        for (String driver : names) {
            created.add(name("_DRIVER_" + single + "_" + driver));
            drivers.privateOptions(kind, driver).ifPresent(table -> {
                for (Option<?> option : table.options()) {
                    created.add(name("_OPT_" + single + "_" + driver + "_" + option.name()));
                }
            });
        }
    }

    /** Upper case, cut to Exim's 63 characters. */
    private static String name(String raw) {
        String upper = raw.toUpperCase(Locale.ROOT);
        return upper.length() > MAX_NAME ? upper.substring(0, MAX_NAME) : upper;
    }

    private static List<String> recorded() {
        try (InputStream in = BuiltinMacros.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the bundle");
            }
            List<String> lines = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines.add(line);
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
