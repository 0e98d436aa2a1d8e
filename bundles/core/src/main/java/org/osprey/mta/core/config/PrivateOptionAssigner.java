package org.osprey.mta.core.config;

import java.util.Optional;
import org.osprey.mta.core.registry.OptionSetting;
import org.osprey.mta.kernel.option.Option;
import org.osprey.mta.kernel.option.OptionType;
import org.osprey.mta.kernel.option.OptionValueException;

/**
 * Sets a driver's private option from a line of its block, with Exim's rules for names,
 * {@code hide}, {@code no_} and {@code =}, and records it as text for the driver: a
 * boolean as {@code true} or {@code false}, a string without its quotes, a number as
 * written. The value is checked against the option's kernel type now, as Exim checks it;
 * an expanded option is checked by the driver when it is used.
 */
final class PrivateOptionAssigner {
    private PrivateOptionAssigner() {
    }

    static void assign(DriverInstance instance, String line, Location location) throws ConfigException {
        OptionLine parsed = OptionLine.parse(line, location);
        Optional<Option<?>> found = instance.privateTable().find(parsed.baseName());
        String name = parsed.name();
        if (found.isEmpty()) {
            throw ConfigException.inLine(location, "option \"" + name + "\" unknown");
        }
        Option<?> option = found.get();
        if (instance.privateIsSet(option.name())) {
            throw ConfigException.inLine(location, "\"" + name + "\" option set for the second time");
        }
        boolean isBoolean = option.type() == OptionType.BOOLEAN;
        String text = parsed.value(isBoolean, location);
        String value;
        if (isBoolean && !(option.isExpanded() && text.indexOf('$') >= 0)) {
            boolean b = text.isEmpty() ? !parsed.negated()
                    : OptionSyntax.BOOLEAN.parse(name, text, null, location);
            value = Boolean.toString(b);
        } else if (option.isExpanded() || isText(option.type())) {
            value = QuotedString.optionValue(text, name, location);
        } else {
            value = text;
            try {
                option.type().parse(option.name(), value);
            } catch (OptionValueException e) {
                throw ConfigException.inLine(location, e.getMessage());
            }
        }
        instance.setPrivate(new OptionSetting(option.name(), value, location.toString()), parsed.hide());
    }

    /** Whether values of the type are strings (Exim reads them as strings, quotes and all). */
    static boolean isText(OptionType<?> type) {
        return type == OptionType.STRING || type == OptionType.STRING_LIST || type == OptionType.DOMAIN_LIST
                || type == OptionType.HOST_LIST || type == OptionType.ADDRESS_LIST
                || type == OptionType.LOCAL_PART_LIST || type == OptionType.REWRITE_RULES;
    }
}
