package org.osprey.mta.core.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.kernel.option.TimeValues;
import org.osprey.mta.kernel.option.CNumbers;

/** Exim's time lists ({@code delay_warning}): up to ten increasing times separated by colons. */
final class TimeListSyntax extends OptionSyntax<List<Duration>> {
    private static final int MAX = 10;

    TimeListSyntax() {
        super("time list");
    }

    @Override
    List<Duration> parse(String name, String text, ValueContext context, Location location)
            throws ConfigException {
        List<Integer> values = new ArrayList<>();
        int count = 0;
        int s = 0;
        if (!text.isEmpty()) {
            for (count = 1; count <= MAX; count++) {
                char terminator = 0;
                int next = text.indexOf(':', s);
                if (next >= 0) {
                    int ss = next;
                    while (ss > s && AsciiChars.isSpace(text.charAt(ss - 1))) {
                        ss--;
                    }
                    terminator = text.charAt(ss);
                }
                int value = TimeValues.parse(text, s, terminator);
                if (value < 0) {
                    throw ConfigException.inLine(location, "invalid time value for " + name);
                }
                if (count > 1 && value <= values.get(count - 2)) {
                    throw ConfigException.inLine(location, "time value out of order for " + name);
                }
                values.add(value);
                if (next < 0) {
                    break;
                }
                s = CNumbers.skipSpace(text, next + 1);
            }
        }
        if (count > MAX) {
            throw ConfigException.inLine(location, "too many time values for " + name);
        }
        List<Duration> list = new ArrayList<>();
        if (count > 0 && values.get(0) != 0) {
            for (int v : values) {
                list.add(Duration.ofSeconds(v));
            }
        }
        return List.copyOf(list);
    }

    @Override
    String show(String name, List<Duration> value, PrintContext context, boolean noLabels) {
        StringBuilder out = new StringBuilder();
        for (Duration d : value) {
            if (out.length() > 0) {
                out.append(':');
            }
            out.append(TimeValues.format(d.getSeconds()));
        }
        return labelled(name, out.toString(), noLabels);
    }
}
