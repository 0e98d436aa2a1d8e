package org.osprey.mta.core.config;

import java.util.Optional;

/**
 * Sets one of Exim's own options from a line of the configuration, as Exim's
 * readconf_handle_option: the name is looked up in the table, the {@code no_} prefix and
 * the {@code =} are checked against the option's kind, the value is read, and it is stored
 * (combined with the earlier value for the repeatable options). Setting a user by name
 * also sets the matching group, unless one is set already, as in Exim.
 */
final class OptionAssigner {
    private OptionAssigner() {
    }

    /**
     * @param unknown Exim's message for an unknown name, with {@code %s} for the name; or
     *        null to return false for an unknown name instead
     * @return whether the option was found (and set)
     */
    static boolean assign(ConfigOptionTable table, ConfigValues values, String line, Location location,
            String unknown, ValueContext context) throws ConfigException {
        OptionLine parsed = OptionLine.parse(line, location);
        Optional<ConfigOption<?>> found = table.find(parsed.baseName());
        if (found.isEmpty()) {
            if (unknown == null) {
                return false;
            }
            throw ConfigException.inLine(location, String.format(unknown, parsed.name()));
        }
        ConfigOption<?> option = found.get();
        String name = parsed.name();
        if (values.isSet(option) && option.repeat() == ConfigOption.Repeat.NEVER) {
            throw ConfigException.inLine(location, "\"" + name + "\" option set for the second time");
        }
        values.markSet(option, parsed.hide(), location);
        String text = parsed.value(option.isBoolean(), location);
        Object value;
        if (option.syntax() == OptionSyntax.BOOLEAN && text.isEmpty()) {
            value = !parsed.negated();
        } else if (option.syntax() == OptionSyntax.BOOLEAN_OR_EXPANSION && text.isEmpty()) {
            value = new BoolOrExpansion(!parsed.negated(), null);
        } else {
            value = option.syntax().parse(name, text, context, location);
        }
        store(table, values, option, value, context, text, location);
        return true;
    }

    private static void store(ConfigOptionTable table, ConfigValues values, ConfigOption<?> option, Object value,
            ValueContext context, String text, Location location) throws ConfigException {
        switch (option.repeat()) {
            case CONDITION -> {
                Object old = values.raw(option);
                values.put(option, old == null ? value
                        : "${if and{{bool_lax{" + old + "}}{bool_lax{" + value + "}}}}");
            }
            case LIST -> values.put(option, appendList(option.name(), (String) values.raw(option), (String) value));
            case NEVER -> values.put(option, value);
        }
        for (String other : option.alsoSets()) {
            values.putByName(other, value);
        }
        setsGroup(table, values, option, value, context, text, location);
    }

    /** Exim's opt_rep_str: the items of the new setting appended to the list so far. */
    private static String appendList(String name, String old, String added) {
        char sep = name.startsWith("headers_add") ? '\n' : name.startsWith("set") ? ';' : ':';
        StringBuilder list = old == null ? null : new StringBuilder(old);
        ListItems items = new ListItems(added, -sep);
        for (String item = items.next(); item != null; item = items.next()) {
            if (list == null) {
                list = new StringBuilder();
            }
            ListItems.append(list, sep, item);
        }
        return list == null ? null : list.toString();
    }

    /** A user given by name sets the matching group option (name ending "group") if no gid is set yet. */
    private static void setsGroup(ConfigOptionTable table, ConfigValues values, ConfigOption<?> option, Object value,
            ValueContext context, String text, Location location) throws ConfigException {
        boolean fixedUser = option.syntax() == OptionSyntax.USER
                || option.syntax() == OptionSyntax.USER_OR_EXPANSION && ((IdOrExpansion) value).id() != null;
        if (!fixedUser || !option.name().endsWith("user")) {
            return;
        }
        String groupName = option.name().substring(0, option.name().length() - 4) + "group";
        Optional<ConfigOption<?>> group = table.find(groupName);
        if (group.isEmpty()) {
            return;
        }
        OptionSyntax<?> syntax = group.get().syntax();
        Object current = values.raw(group.get());
        Optional<Long> gid = UserLookup.primaryGroup(QuotedString.optionValue(text, option.name(), location),
                context);
        if (gid.isEmpty()) {
            return;
        }
        if (syntax == OptionSyntax.GROUP && current == null) {
            values.put(group.get(), gid.get());
        } else if (syntax == OptionSyntax.GROUP_OR_EXPANSION
                && (current == null || ((IdOrExpansion) current).id() == null)) {
            values.put(group.get(), new IdOrExpansion(gid.get(), null));
        }
    }
}
