package org.osprey.mta.core.config;

/**
 * A name read as Exim's readconf_readname reads it: white space skipped, then a letter
 * followed by letters, digits and underscores (nothing if the first character is not a
 * letter), then white space skipped again.
 *
 * @param name the name, possibly empty
 * @param end where reading stopped
 */
record ItemName(String name, int end) {
    private static final int MAX = 64;

    static ItemName read(String text, int start, Location location) throws ConfigException {
        int s = AsciiChars.skipSpace(text, start);
        StringBuilder name = new StringBuilder();
        if (AsciiChars.isAlpha(AsciiChars.at(text, s))) {
            while (AsciiChars.isNameChar(AsciiChars.at(text, s))) {
                if (name.length() >= MAX - 1) {
                    throw ConfigException.inLine(location, "exim item name too long (>" + MAX
                            + "), unable to use \"" + name + "\" (truncated)");
                }
                name.append(text.charAt(s++));
            }
        }
        return new ItemName(name.toString(), AsciiChars.skipSpace(text, s));
    }
}
