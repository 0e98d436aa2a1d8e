package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.at;
import static org.osprey.mta.core.config.AsciiChars.isDigit;

import java.math.BigDecimal;

/** Exim's fixed-point numbers, kept to three decimal places. */
final class FixedPointSyntax extends OptionSyntax<BigDecimal> {
    FixedPointSyntax() {
        super("fixed-point");
    }

    @Override
    BigDecimal parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        CNumbers.Parsed p = CNumbers.scanInt(text, 0);
        if (p == null) {
            throw ConfigException.inLine(location, "fixed-point number expected for " + name);
        }
        int value = (int) p.value();
        if (value < 0) {
            throw ConfigException.inLine(location, "integer \"" + text + "\" is too large (overflow)");
        }
        // Exim checks again after multiplying, but its compiler drops that check (signed
        // overflow cannot happen in C): a value too large wraps round, as here.
        value *= 1000;
        int count = p.end();
        if (at(text, count) == '.') {
            int d = 100;
            while (isDigit(at(text, ++count))) {
                value += (text.charAt(count) - '0') * d;
                d /= 10;
            }
        }
        count = CNumbers.skipSpace(text, count);
        if (count < text.length()) {
            throw ConfigException.inLine(location, extraCharacters(text, count, "fixed-point value for " + name));
        }
        return BigDecimal.valueOf(value, 3);
    }

    @Override
    String show(String name, BigDecimal value, PrintContext context, boolean noLabels) {
        if (value == null || value.signum() < 0) {
            return name + " =";
        }
        int x = value.movePointRight(3).intValue();
        StringBuilder out = new StringBuilder().append(x / 1000).append('.');
        int f = x % 1000;
        int d = 100;
        do {
            out.append(f / d);
            f %= d;
            d /= 10;
        } while (f != 0);
        return labelled(name, out.toString(), noLabels);
    }
}
