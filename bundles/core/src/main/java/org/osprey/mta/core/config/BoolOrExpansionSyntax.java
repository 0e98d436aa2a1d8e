package org.osprey.mta.core.config;

/** Exim's expandable boolean: a boolean, or a string with a dollar kept for later. */
final class BoolOrExpansionSyntax extends OptionSyntax<BoolOrExpansion> {
    BoolOrExpansionSyntax() {
        super("boolean (expanded)");
    }

    @Override
    boolean isBoolean() {
        return true;
    }

    @Override
    BoolOrExpansion parse(String name, String text, ValueContext context, Location location)
            throws ConfigException {
        if (!text.isEmpty() && text.indexOf('$') >= 0) {
            return new BoolOrExpansion(null, QuotedString.optionValue(text, name, location));
        }
        return new BoolOrExpansion(BOOLEAN.parse(name, text, context, location), null);
    }

    @Override
    String show(String name, BoolOrExpansion value, PrintContext context, boolean noLabels) {
        if (value.expansion() != null) {
            return labelled(name, PrintableText.of(value.expansion(), false, context.topBitChars()), noLabels);
        }
        return BOOLEAN.show(name, value.value(), context, noLabels);
    }
}
