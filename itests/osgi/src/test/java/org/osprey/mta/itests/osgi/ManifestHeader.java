package org.osprey.mta.itests.osgi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses an OSGi manifest header (Core specification, 3.2.4): clauses separated by commas,
 * each one or more names followed by attributes ({@code key=value}, {@code key:Type=value})
 * and directives ({@code key:=value}), separated by semicolons. A quoted value may hold
 * commas and semicolons, as in {@code version="[1.0,2)"} or {@code uses:="a,b"}.
 */
final class ManifestHeader {
    private ManifestHeader() {
    }

    /**
     * One name of a clause with the clause's parameters; a clause of several names gives one
     * each. An attribute's type, if any, is dropped from its key; values are unquoted.
     */
    record Clause(String name, Map<String, String> attributes, Map<String, String> directives) {
    }

    /** The clauses of {@code header}; none for a missing (null) or empty header. */
    static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null) {
            return clauses;
        }
        for (String clause : split(header, ',')) {
            List<String> names = new ArrayList<>();
            Map<String, String> attributes = new LinkedHashMap<>();
            Map<String, String> directives = new LinkedHashMap<>();
            for (String part : split(clause, ';')) {
                int equals = part.indexOf('=');
                if (equals < 0) {
                    if (!part.isBlank()) {
                        names.add(part.trim());
                    }
                    continue;
                }
                String key = part.substring(0, equals).trim();
                String value = unquote(part.substring(equals + 1).trim());
                if (key.endsWith(":")) {
                    directives.put(key.substring(0, key.length() - 1).trim(), value);
                } else {
                    int colon = key.indexOf(':');
                    attributes.put(colon < 0 ? key : key.substring(0, colon).trim(), value);
                }
            }
            for (String name : names) {
                clauses.add(new Clause(name, Map.copyOf(attributes), Map.copyOf(directives)));
            }
        }
        return clauses;
    }

    /** Splits at each {@code separator} outside double quotes; a backslash escapes the next character in quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\' && i + 1 < text.length()) {
                part.append(c).append(text.charAt(++i));
            } else if (c == separator && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                if (c == '"') {
                    quoted = !quoted;
                }
                part.append(c);
            }
        }
        parts.add(part.toString());
        return parts;
    }

    private static String unquote(String value) {
        if (value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
            return value;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 1; i < value.length() - 1; i++) {
            char c = value.charAt(i);
            text.append(c == '\\' && i + 1 < value.length() - 1 ? value.charAt(++i) : c);
        }
        return text.toString();
    }
}
