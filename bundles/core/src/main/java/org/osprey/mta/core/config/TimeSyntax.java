package org.osprey.mta.core.config;

import java.time.Duration;

/** Exim's time intervals, such as {@code 1h30m}. */
final class TimeSyntax extends OptionSyntax<Duration> {
    TimeSyntax() {
        super("time");
    }

    @Override
    Duration parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        int seconds = CNumbers.readTime(text, 0, '\0');
        if (seconds < 0) {
            throw ConfigException.inLine(location, "invalid time value for " + name);
        }
        return Duration.ofSeconds(seconds);
    }

    @Override
    String show(String name, Duration value, PrintContext context, boolean noLabels) {
        return labelled(name, CNumbers.printTime(value.getSeconds()), noLabels);
    }
}
