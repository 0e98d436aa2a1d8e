package org.osprey.mta.core.config;

import org.osprey.mta.kernel.option.OptionType;

/** Exim's boolean: true, false, yes or no in any case; shown as the name or {@code no_}name. */
final class BooleanSyntax extends OptionSyntax<Boolean> {
    BooleanSyntax() {
        super("boolean");
    }

    @Override
    boolean isBoolean() {
        return true;
    }

    /** The bare name (no text) means true; otherwise one of Exim's four words. */
    @Override
    Boolean parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        return text.isEmpty() ? Boolean.TRUE : KernelTypes.parse(OptionType.BOOLEAN, name, text, location);
    }

    @Override
    String show(String name, Boolean value, PrintContext context, boolean noLabels) {
        return (value != null && value ? "" : "no_") + name;
    }
}
