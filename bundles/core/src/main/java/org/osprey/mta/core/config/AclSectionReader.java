package org.osprey.mta.core.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the ACL section into named blocks of raw lines, as Exim's readconf_acl divides it:
 * a {@code name:} line starts an ACL, which runs to the next line that starts with a name
 * and a colon, or with a macro definition (macros may be defined between ACLs). Checks the
 * names; never parses a verb or a condition.
 */
final class AclSectionReader {
    private final ConfigFileReader reader;
    private final Macros macros;

    AclSectionReader(ConfigFileReader reader, Macros macros) {
        this.reader = reader;
        this.macros = macros;
    }

    Map<String, AclDefinition> read() throws ConfigException {
        Map<String, AclDefinition> acls = new LinkedHashMap<>();
        LogicalLine line = reader.next();
        while (line != null) {
            ItemName name = ItemName.read(line.text(), 0, line.location());
            char next = AsciiChars.at(line.text(), name.end());
            if (isMacroDefinition(name, next)) {
                macros.define(line.text(), line.location());
                line = reader.next();
                continue;
            }
            if (next != ':' || name.name().isEmpty()) {
                throw ConfigException.inLine(line.location(), "missing or malformed ACL name");
            }
            if (acls.containsKey(name.name())) {
                throw ConfigException.inLine(line.location(), "there are two ACLs called \"" + name.name() + "\"");
            }
            Location start = line.location();
            List<LogicalLine> body = new ArrayList<>();
            for (line = reader.next(); line != null && !endsAcl(line); line = reader.next()) {
                body.add(line);
            }
            acls.put(name.name(), new AclDefinition(name.name(), start, body));
        }
        return acls;
    }

    /** Whether the line starts the next ACL or is a macro definition (Exim's acl_read stops there). */
    private static boolean endsAcl(LogicalLine line) throws ConfigException {
        String text = line.text();
        int s = AsciiChars.skipSpace(text, 0);
        if (AsciiChars.at(text, s) == '!') {
            s++;
        }
        ItemName name = ItemName.read(text, s, line.location());
        char next = AsciiChars.at(text, name.end());
        return next == ':' || isMacroDefinition(name, next);
    }

    private static boolean isMacroDefinition(ItemName name, char next) {
        return !name.name().isEmpty() && AsciiChars.isUpper(name.name().charAt(0)) && next == '=';
    }
}
