package org.osprey.mta.core.config;

import org.osprey.mta.kernel.option.TimeValues;

/** {@code smtp_receive_timeout}: a time, or an expansion when the text starts with a dollar. */
final class TimeOrExpansionSyntax extends OptionSyntax<TimeOrExpansion> {
    TimeOrExpansionSyntax() {
        super("time or expanded string");
    }

    @Override
    TimeOrExpansion parse(String name, String text, ValueContext context, Location location)
            throws ConfigException {
        if (text.startsWith("$")) {
            return new TimeOrExpansion(null, text);
        }
        return new TimeOrExpansion(TIME.parse(name, text, context, location), null);
    }

    @Override
    String show(String name, TimeOrExpansion value, PrintContext context, boolean noLabels) {
        return labelled(name, value.expansion() != null ? printable(value.expansion(), context)
                : TimeValues.format(value.time().getSeconds()), noLabels);
    }
}
