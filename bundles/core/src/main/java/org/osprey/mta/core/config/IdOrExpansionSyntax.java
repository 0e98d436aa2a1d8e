package org.osprey.mta.core.config;

/** A router's or transport's {@code user} or {@code group}: an id now, or an expansion for later. */
final class IdOrExpansionSyntax extends OptionSyntax<IdOrExpansion> {
    private final boolean user;

    IdOrExpansionSyntax(boolean user) {
        super(user ? "user (expanded)" : "group (expanded)");
        this.user = user;
    }

    @Override
    IdOrExpansion parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        String value = QuotedString.optionValue(text, name, location);
        if (value.indexOf('$') >= 0) {
            return new IdOrExpansion(null, value);
        }
        return new IdOrExpansion(user ? UserLookup.findUser(value, context, location) : UserLookup.findGroup(value, context, location),
                null);
    }

    @Override
    String show(String name, IdOrExpansion value, PrintContext context, boolean noLabels) {
        if (value == null) {
            return labelled(name, "", noLabels);
        }
        if (value.expansion() != null) {
            return labelled(name, PrintableText.of(value.expansion(), false, context.topBitChars()), noLabels);
        }
        return (user ? USER : GROUP).show(name, value.id(), context, noLabels);
    }
}
