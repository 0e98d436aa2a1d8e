package org.osprey.mta.core.expand;

/** Field extraction for {@code ${extract}}: numbered fields (expand_gettokened) and keyed ones (expand_getkeyed). */
final class Fields {
    private Fields() {
    }

    /** Field {@code field} (1 the first, -1 the last, 0 the whole) of {@code s} split at any of {@code separators}; null when absent. */
    static String tokened(int field, String separators, String s) {
        if (field == 0) {
            return s;
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            if (separators.indexOf(s.charAt(i)) >= 0) {
                fields.add(s.substring(start, i));
                start = i + 1;
            }
        }
        fields.add(s.substring(start));
        if (field > 0) {
            return field <= fields.size() ? fields.get(field - 1) : null;
        }
        return -field <= fields.size() ? fields.get(fields.size() + field) : null;
    }

    /** The value of {@code key = value} in a string of such pairs; keys compare without case. */
    static String keyed(String key, String s) {
        int p = 0;
        int n = s.length();
        while (p < n && Chars.isSpace(s.charAt(p))) {
            p++;
        }
        while (p < n) {
            int dkey = p;
            while (p < n && s.charAt(p) != '=' && !Chars.isSpace(s.charAt(p))) {
                p++;
            }
            String found = s.substring(dkey, p);
            while (p < n && Chars.isSpace(s.charAt(p))) {
                p++;
            }
            if (p < n && s.charAt(p) == '=') {
                p++;
                while (p < n && Chars.isSpace(s.charAt(p))) {
                    p++;
                }
            }
            StringBuilder data = new StringBuilder();
            p = dequote(s, p, data);
            if (found.length() == key.length() && Chars.compareIgnoreCase(found, key) == 0) {
                return data.toString();
            }
            while (p < n && Chars.isSpace(s.charAt(p))) {
                p++;
            }
        }
        return null;
    }

    /** Exim's string_dequote: a quoted string with escapes, or text up to white space. */
    static int dequote(String s, int p, StringBuilder out) {
        int n = s.length();
        if (p < n && s.charAt(p) == '"') {
            p++;
            while (p < n && s.charAt(p) != '"') {
                if (s.charAt(p) == '\\' && p + 1 < n) {
                    int[] end = new int[1];
                    out.append(Escapes.interpret(s, p, end));
                    p = end[0];
                } else {
                    out.append(s.charAt(p++));
                }
            }
            if (p < n) {
                p++;
            }
        } else {
            while (p < n && !Chars.isSpace(s.charAt(p))) {
                out.append(s.charAt(p++));
            }
        }
        return p;
    }
}
