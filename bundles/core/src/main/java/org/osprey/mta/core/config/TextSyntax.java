package org.osprey.mta.core.config;

/** Exim's strings: the rest of the line, or a quoted string with escapes. */
final class TextSyntax extends OptionSyntax<String> {
    TextSyntax() {
        super("string");
    }

    @Override
    String parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        return QuotedString.optionValue(text, name, location);
    }

    @Override
    String show(String name, String value, PrintContext context, boolean noLabels) {
        return labelled(name, value == null ? "" : printable(value, context), noLabels);
    }
}
