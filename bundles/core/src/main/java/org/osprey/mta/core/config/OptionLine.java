package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.isNameChar;

/**
 * An option setting as written, taken apart as Exim takes it apart: an optional
 * {@code hide}, the name (with any {@code no_} or {@code not_} prefix), and the rest of
 * the line. Says nothing about whether the option exists.
 *
 * @param name the name as written, prefix included (Exim's messages use it)
 * @param baseName the name without a {@code no_} or {@code not_} prefix
 * @param negated whether there was such a prefix
 * @param hide whether the setting started with {@code hide}
 * @param rest what follows the name and the white space after it
 */
record OptionLine(String name, String baseName, boolean negated, boolean hide, String rest) {
    private static final int MAX_NAME = 63;

    static OptionLine parse(String line, Location location) throws ConfigException {
        int s = AsciiChars.skipSpace(line, 0);
        if (!AsciiChars.isAlpha(AsciiChars.at(line, s))) {
            throw ConfigException.inLine(location, "option setting expected: " + line.substring(s));
        }
        boolean hide = false;
        String name = "";
        for (int n = 0; n < 2; n++) {
            StringBuilder word = new StringBuilder();
            while (isNameChar(AsciiChars.at(line, s))) {
                if (word.length() < MAX_NAME) {
                    word.append(line.charAt(s));
                }
                s++;
            }
            s = AsciiChars.skipSpace(line, s);
            name = word.toString();
            if (!name.equals("hide")) {
                break;
            }
            hide = true;
        }
        String base = name;
        boolean negated = false;
        if (name.startsWith("no_")) {
            base = name.substring(3);
            negated = true;
        }
        if (name.startsWith("not_")) {
            base = name.substring(4);
            negated = true;
        }
        return new OptionLine(name, base, negated, hide, line.substring(Math.min(s, line.length())));
    }

    /**
     * The value as written: what follows the {@code =} and the white space after it, or the
     * empty text for a boolean set by its name alone. The rest of the line is first checked
     * against the option's kind as Exim's readconf_handle_option checks it: any other option
     * needs the {@code =} and takes no {@code no_} prefix; a boolean takes an {@code =} only
     * without one.
     *
     * @param isBoolean whether the option is a boolean
     */
    String value(boolean isBoolean, Location location) throws ConfigException {
        if (!isBoolean) {
            if (negated) {
                throw ConfigException.inLine(location, "negation prefix applied to a non-boolean option");
            }
            if (rest.isEmpty()) {
                throw ConfigException.inLine(location, "unexpected end of line (data missing) after " + name);
            }
            if (rest.charAt(0) != '=') {
                throw ConfigException.inLine(location, "missing \"=\" after " + name);
            }
        } else if (!rest.isEmpty() && (negated || rest.charAt(0) != '=')) {
            throw ConfigException.inLine(location, ConfigException.extraCharacters(rest, "boolean option " + name));
        }
        return rest.startsWith("=") ? rest.substring(AsciiChars.skipSpace(rest, 1)) : rest;
    }
}
