package org.osprey.mta.core.config;

import java.time.Duration;
import org.osprey.mta.kernel.option.OptionType;

/** Exim's time intervals, such as {@code 1h30m}: the kernel's time type, in the reader's terms. */
final class TimeSyntax extends OptionSyntax<Duration> {
    TimeSyntax() {
        super("time");
    }

    @Override
    Duration parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        return KernelTypes.parse(OptionType.TIME, name, text, location);
    }

    @Override
    String show(String name, Duration value, PrintContext context, boolean noLabels) {
        return labelled(name, OptionType.TIME.format(value), noLabels);
    }
}
