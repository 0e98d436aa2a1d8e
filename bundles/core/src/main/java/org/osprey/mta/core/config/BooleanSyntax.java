package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.at;

import java.util.Locale;

/** Exim's boolean: true, false, yes or no in any case; shown as the name or {@code no_}name. */
final class BooleanSyntax extends OptionSyntax<Boolean> {
    BooleanSyntax() {
        super("boolean");
    }

    @Override
    boolean isBoolean() {
        return true;
    }

    @Override
    Boolean parse(String name, String text, ValueContext context, Location location) throws ConfigException {
        if (text.isEmpty()) {
            return Boolean.TRUE;
        }
        int s = 0;
        StringBuilder word = new StringBuilder();
        if (AsciiChars.isAlpha(at(text, s))) {
            while (AsciiChars.isNameChar(at(text, s))) {
                if (word.length() >= 63) {
                    throw ConfigException.inLine(location, "exim item name too long (>64), unable to use \""
                            + word + "\" (truncated)");
                }
                word.append(text.charAt(s++));
            }
        }
        s = AsciiChars.skipSpace(text, s);
        String w = word.toString().toLowerCase(Locale.ROOT);
        boolean value;
        if (w.equals("true") || w.equals("yes")) {
            value = true;
        } else if (w.equals("false") || w.equals("no")) {
            value = false;
        } else {
            throw ConfigException.inLine(location,
                    "\"" + word + "\" is not a valid value for the \"" + name + "\" option");
        }
        if (s < text.length()) {
            throw ConfigException.inLine(location,
                    extraCharacters(text, s, "\"" + word + "\" for boolean option " + name));
        }
        return value;
    }

    @Override
    String show(String name, Boolean value, PrintContext context, boolean noLabels) {
        return (value != null && value ? "" : "no_") + name;
    }
}
