package org.osprey.mta.core.config;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.registry.OptionSetting;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.option.OptionValueException;

/**
 * {@code -bP}: prints configuration values exactly as Exim 4.96 prints them, so the
 * output of both programs for one file can be compared line by line: all main options,
 * named ones, {@code +listname}, {@code router NAME}, {@code transport NAME},
 * {@code authenticator NAME}, {@code routers}, {@code router_list} and the like,
 * {@code macro NAME}, {@code macros}, {@code config_file}, {@code environment}, and
 * {@code config}. Exit codes are Exim's, quirks included: for plain items only the last
 * one decides. Output is written as ISO-8859-1 bytes, one per character.
 *
 * <p>"Admin" is Exim's admin user (root, the Exim user or group, {@code admin_groups}):
 * only such a caller sees values set with {@code hide} and the macros.
 */
public final class OptionPrinter {
    private static final int MAX_ITEM = 64;
    private static final Set<String> TYPED = Set.of("router", "transport", "authenticator", "macro", "environment");

    private final Configuration config;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean noLabels;
    private final PrintContext context;

    /**
     * @param noLabels Exim's {@code -n}: values without their names
     * @param admin whether the caller is an administrator
     */
    public OptionPrinter(Configuration config, PrintStream out, PrintStream err, boolean noLabels, boolean admin) {
        this.config = config;
        this.out = out;
        this.err = err;
        this.noLabels = noLabels;
        this.context = new PrintContext(config.accounts(), config.get(MainOptions.PRINT_TOPBITCHARS), admin);
    }

    /**
     * {@code -bP} with these arguments, for an administrator, with labels: {@code config}
     * first lists the configuration; anything else prints options.
     *
     * @return Exim's exit code
     */
    public static int print(Configuration config, List<String> args, PrintStream out, PrintStream err) {
        OptionPrinter printer = new OptionPrinter(config, out, err, false, true);
        return !args.isEmpty() && args.get(0).equals("config") ? printer.printConfig() : printer.printOptions(args);
    }

    /**
     * {@code -bP config} (with "config" right after {@code -bP}): the configuration as read.
     *
     * @return 0
     */
    public int printConfig() {
        write(config.listing().print(context.admin(), noLabels));
        return 0;
    }

    /**
     * {@code -bP} with a list of items (none: all main options). In this form an item
     * "config" prints nothing, as in Exim.
     *
     * @return Exim's exit code: 1 if the last plain item (or any driver item) failed
     */
    public int printOptions(List<String> items) {
        if (items.isEmpty()) {
            printAll();
            return 0;
        }
        boolean fail = false;
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            if (i < items.size() - 1 && TYPED.contains(item)) {
                if (tooLong(items.get(i + 1), "-bP name")) {
                    return 1;
                }
                fail |= !printTyped(items.get(i + 1), item);
                i++;
            } else {
                if (tooLong(item, "-bP item")) {
                    return 1;
                }
                fail = !printItem(item);
            }
        }
        return fail ? 1 : 0;
    }

    private boolean tooLong(String item, String what) {
        int length = item.getBytes(StandardCharsets.ISO_8859_1).length;
        if (length <= MAX_ITEM) {
            return false;
        }
        err.print("osprey: length limit exceeded (" + length + " > " + MAX_ITEM + ") for: " + what + "\n");
        err.flush();
        return true;
    }

    private boolean printItem(String name) {
        if (name.startsWith("+")) {
            return namedList(name.substring(1));
        }
        switch (name) {
            case "configure_file", "config_file" -> {
                line(config.fileName());
                return true;
            }
            case "all" -> {
                printAll();
                return true;
            }
            case "local_scan" -> {
                line("local_scan() options are not supported");
                return false;
            }
            case "config" -> {
                return true;
            }
            case "routers" -> {
                return instances(config.routers(), "router", null, false);
            }
            case "transports" -> {
                return instances(config.transports(), "transport", null, false);
            }
            case "authenticators" -> {
                return instances(config.authenticators(), "authenticator", null, false);
            }
            case "router_list" -> {
                return instances(config.routers(), "router", null, true);
            }
            case "transport_list" -> {
                return instances(config.transports(), "transport", null, true);
            }
            case "authenticator_list" -> {
                return instances(config.authenticators(), "authenticator", null, true);
            }
            case "macros" -> {
                return macros(null, false);
            }
            case "macro_list" -> {
                return macros(null, true);
            }
            case "environment" -> {
                environment();
                return true;
            }
            default -> {
                Optional<ConfigOption<?>> option = MainOptions.TABLE.find(name);
                if (option.isEmpty()) {
                    line(name + " is not a known option");
                    return false;
                }
                line(show(option.get(), config.main()));
                return true;
            }
        }
    }

    private boolean printTyped(String name, String type) {
        return switch (type) {
            case "router" -> instances(config.routers(), type, name, false);
            case "transport" -> instances(config.transports(), type, name, false);
            case "authenticator" -> instances(config.authenticators(), type, name, false);
            case "macro" -> macros(name, false);
            default -> {
                line(type + " " + name + " not found");
                yield false;
            }
        };
    }

    private void printAll() {
        for (ConfigOption<?> option : MainOptions.TABLE.options()) {
            if (!option.isHidden()) {
                line(show(option, config.main()));
            }
        }
    }

    /** One of Exim's own options, as Exim's print_ol shows it. */
    private String show(ConfigOption<?> option, ConfigValues values) {
        if (!context.admin() && values.isHidden(option)) {
            return noLabels ? ConfigListing.HIDDEN : option.name() + " = " + ConfigListing.HIDDEN;
        }
        return option.syntax().showUnchecked(option.name(), values.raw(option), context, noLabels);
    }

    private boolean namedList(String name) {
        boolean found = false;
        String[] words = {"address", "domain", "host", "localpart"};
        ListType[] types = {ListType.ADDRESS, ListType.DOMAIN, ListType.HOST, ListType.LOCAL_PART};
        for (int i = 0; i < types.length; i++) {
            Optional<NamedList> list = config.namedLists().find(types[i], name);
            if (list.isPresent()) {
                found = true;
                String value = list.get().hidden() ? ConfigListing.HIDDEN : list.get().value();
                line(noLabels ? value : words[i] + "list " + name + " = " + value);
            }
        }
        if (!found) {
            line("no address, domain, host, or local part list called \"" + name + "\" exists");
        }
        return found;
    }

    private boolean instances(List<DriverInstance> list, String type, String name, boolean namesOnly) {
        if (namesOnly) {
            list.forEach(d -> line(d.name()));
            return true;
        }
        for (DriverInstance d : list) {
            if (name == null) {
                write("\n" + d.name() + " " + type + ":\n");
            } else if (!d.name().equals(name)) {
                continue;
            }
            printInstance(d);
            if (name != null) {
                return true;
            }
        }
        if (name == null) {
            return true;
        }
        line(type + " " + name + " not found");
        return false;
    }

    private void printInstance(DriverInstance d) {
        for (ConfigOption<?> option : d.generic().table().options()) {
            if (!option.isHidden()) {
                line(show(option, d.generic()));
            }
        }
        for (Option<?> option : d.privateTable().options()) {
            line(showPrivate(d, option));
        }
    }

    /** A driver's private option, shown as Exim shows an option of the matching type. */
    private String showPrivate(DriverInstance d, Option<?> option) {
        String name = option.name();
        Optional<OptionSetting> setting = d.privateSetting(name);
        if (!context.admin() && d.isPrivateHidden(name)) {
            return noLabels ? ConfigListing.HIDDEN : name + " = " + ConfigListing.HIDDEN;
        }
        if (option.type() == OptionType.BOOLEAN) {
            if (setting.isPresent()) {
                String value = setting.get().value();
                if (value.equals("true") || value.equals("false")) {
                    return (value.equals("true") ? "" : "no_") + name;
                }
                return OptionSyntax.labelled(name, PrintableText.of(value, false, context.topBitChars()), noLabels);
            }
            return (Boolean.TRUE.equals(option.defaultValue()) ? "" : "no_") + name;
        }
        String text;
        if (setting.isPresent()) {
            text = setting.get().value();
            if (!option.isExpanded() && !PrivateOptionAssigner.isText(option.type())) {
                text = formatted(option, text);
            }
        } else {
            text = option.defaultValue() == null ? "" : formatDefault(option);
        }
        return OptionSyntax.labelled(name, OptionSyntax.printable(text, context), noLabels);
    }

    private static <T> String formatted(Option<T> option, String text) {
        try {
            return option.type().format(option.type().parse(option.name(), text));
        } catch (OptionValueException e) {
            return text;
        }
    }

    private static <T> String formatDefault(Option<T> option) {
        return option.type().format(option.defaultValue());
    }

    private boolean macros(String name, boolean namesOnly) {
        if (!context.admin()) {
            err.print("osprey: permission denied\n");
            err.flush();
            return false;
        }
        for (Macro m : config.macros()) {
            if (name == null || name.equals(m.name())) {
                line(namesOnly ? m.name() : noLabels ? m.replacement() : m.name() + "=" + m.replacement());
                if (name != null) {
                    return true;
                }
            }
        }
        if (name == null) {
            return true;
        }
        line("macro " + name + " not found");
        return false;
    }

    /**
     * The environment Osprey passes on, as Exim leaves it: only the variables
     * {@code keep_environment} names, plus {@code add_environment}, sorted.
     */
    private void environment() {
        Map<String, String> kept = new TreeMap<>();
        String keep = config.get(MainOptions.KEEP_ENVIRONMENT);
        if (keep != null) {
            List<String> names = ListItems.all(keep, 0);
            System.getenv().forEach((k, v) -> {
                if (names.contains(k)) {
                    kept.put(k, v);
                }
            });
        }
        String add = config.get(MainOptions.ADD_ENVIRONMENT);
        if (add != null) {
            for (String item : ListItems.all(add, 0)) {
                int eq = item.indexOf('=');
                if (eq > 0) {
                    kept.put(item.substring(0, eq), item.substring(eq + 1));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        kept.forEach((k, v) -> lines.add(noLabels ? k : k + "=" + v));
        lines.sort(null);
        lines.forEach(this::line);
    }

    private void line(String text) {
        write(text + "\n");
    }

    private void write(String text) {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
        out.flush();
    }
}
