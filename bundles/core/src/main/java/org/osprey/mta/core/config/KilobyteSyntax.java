package org.osprey.mta.core.config;

import org.osprey.mta.kernel.option.CNumbers;

/** Exim's opt_Kint: a 64-bit count of kilobytes, read with K to Z multipliers. */
final class KilobyteSyntax extends OptionSyntax<Long> {
    private static final String MULTIPLIERS = "ZzEePpTtGgMmKk";

    KilobyteSyntax() {
        super("integer (kilobytes)");
    }

    @Override
    Long parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        CNumbers.Parsed p = CNumbers.strtol(text, 0, 0);
        if (p.end() == 0) {
            throw ConfigException.inLine(location, "integer expected for " + name);
        }
        long value = p.value();
        boolean overflow = p.overflow();
        int end = p.end();
        if (!overflow && end < text.length()) {
            int m = MULTIPLIERS.indexOf(text.charAt(end));
            if (m >= 0) {
                end++;
                while ((m += 2) < MULTIPLIERS.length()) {
                    if (value > Long.MAX_VALUE / 1024 || value < Long.MIN_VALUE / 1024) {
                        overflow = true;
                        break;
                    }
                    value *= 1024;
                }
            } else {
                value = (value + 512) / 1024;
            }
        }
        if (overflow) {
            throw ConfigException.inLine(location,
                    "absolute value of integer \"" + text + "\" is too large (overflow)");
        }
        end = CNumbers.skipSpace(text, end);
        if (end < text.length()) {
            throw ConfigException.inLine(location, extraCharacters(text, end, "integer value for " + name));
        }
        return value;
    }

    @Override
    String show(String name, Long value, PrintContext context, boolean noLabels) {
        long x = value;
        String text;
        if (x == 0) {
            text = "0";
        } else if ((x & ((1L << 30) - 1)) == 0) {
            text = (x >> 30) + "T";
        } else if ((x & ((1L << 20) - 1)) == 0) {
            text = (x >> 20) + "G";
        } else if ((x & ((1L << 10) - 1)) == 0) {
            text = (x >> 10) + "M";
        } else {
            text = x + "K";
        }
        return labelled(name, text, noLabels);
    }
}
