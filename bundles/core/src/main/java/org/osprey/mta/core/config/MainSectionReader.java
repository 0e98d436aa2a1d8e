package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.isSpace;

import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;

/**
 * Reads the main section, as Exim's readconf_main: macro definitions (lines starting with
 * an upper-case letter), named lists, and main option settings, each checked against
 * {@link MainOptions} as it is read. Never looks past the first {@code begin} line.
 */
final class MainSectionReader {
    private static final String BYTE_ORDER_MARK = "\u00ef\u00bb\u00bf";

    private final ConfigFileReader reader;
    private final Macros macros;
    private final ConfigValues values;
    private final NamedLists lists;
    private final ValueContext context;

    MainSectionReader(ConfigFileReader reader, Macros macros, ConfigValues values, NamedLists lists,
            ValueContext context) {
        this.reader = reader;
        this.macros = macros;
        this.values = values;
        this.lists = lists;
        this.context = context;
    }

    void read() throws ConfigException {
        for (LogicalLine line = reader.next(); line != null; line = reader.next()) {
            String s = line.text();
            Location location = line.location();
            if (location.line() == 1 && s.startsWith(BYTE_ORDER_MARK)) {
                throw ConfigException.inLine(location, "found unexpected BOM (Byte Order Mark)");
            }
            if (AsciiChars.isUpper(s.charAt(0))) {
                macros.define(s, location);
                continue;
            }
            boolean hide = s.startsWith("hide") && isSpace(AsciiChars.at(s, 4));
            String t = hide ? s.substring(5) : s;
            ListType type = listType(t);
            if (type != null) {
                namedList(type, t.substring(type.keyword().length()), hide, location);
            } else {
                OptionAssigner.assign(MainOptions.TABLE, values, s, location, "main option \"%s\" unknown", context);
            }
        }
    }

    private static ListType listType(String t) {
        for (ListType type : ListType.values()) {
            if (t.startsWith(type.keyword())) {
                return type;
            }
        }
        return null;
    }

    /** Exim's read_named_list: {@code [_cache] NAME = value}. */
    private void namedList(ListType type, String rest, boolean hide, Location location) throws ConfigException {
        String what = description(type);
        boolean forceCache = false;
        String s = rest;
        if (s.startsWith("_cache")) {
            forceCache = true;
            s = s.substring(6);
        }
        if (!isSpace(AsciiChars.at(s, 0))) {
            throw ConfigException.inLine(location, "unrecognized configuration line");
        }
        if (lists.count(type) >= NamedLists.MAX_PER_TYPE) {
            throw ConfigException.inLine(location,
                    "too many named " + what + "s (max is " + NamedLists.MAX_PER_TYPE + ")\n");
        }
        int p = AsciiChars.skipSpace(s, 0);
        int start = p;
        while (AsciiChars.isNameChar(AsciiChars.at(s, p))) {
            p++;
        }
        String name = s.substring(start, p);
        p = AsciiChars.skipSpace(s, p);
        if (lists.contains(type, name)) {
            throw ConfigException.inLine(location, "duplicate name \"" + name + "\" for a named " + what);
        }
        if (AsciiChars.at(s, p) != '=') {
            throw ConfigException.inLine(location, "missing '=' after \"" + name + "\"");
        }
        p = AsciiChars.skipSpace(s, p + 1);
        String value = QuotedString.optionValue(s.substring(Math.min(p, s.length())), name, location);
        lists.add(new NamedList(type, name, value, forceCache || value.indexOf('$') < 0, hide));
    }

    static String description(ListType type) {
        return switch (type) {
            case DOMAIN -> "domain list";
            case HOST -> "host list";
            case ADDRESS -> "address list";
            case LOCAL_PART -> "local part list";
        };
    }
}
