package org.osprey.mta.core.acl;

import java.util.ArrayList;
import java.util.List;

/** Exim's string_nextinlist for the ACL's own small lists: a doubled separator is a literal one. */
final class EximLists {
    private EximLists() {
    }

    /**
     * Splits {@code list} at {@code sep}; when {@code changeable}, a leading {@code <c} changes
     * the separator (Exim's default lists, separator ':'). Items are trimmed of white space.
     */
    static List<String> split(String list, char sep, boolean changeable) {
        List<String> items = new ArrayList<>();
        int p = 0;
        int n = list.length();
        if (changeable) {
            p = AclParser.skipSpace(list, 0);
            if (p < n && list.charAt(p) == '<' && p + 1 < n && !Character.isLetterOrDigit(list.charAt(p + 1))
                    && !AclParser.isSpace(list.charAt(p + 1))) {
                sep = list.charAt(p + 1);
                p += 2;
            }
        }
        while (true) {
            p = AclParser.skipSpace(list, p);
            if (p >= n) {
                return items;
            }
            StringBuilder item = new StringBuilder();
            while (p < n) {
                char c = list.charAt(p);
                if (c == sep) {
                    if (p + 1 < n && list.charAt(p + 1) == sep) {
                        item.append(sep);
                        p += 2;
                        continue;
                    }
                    break;
                }
                item.append(c);
                p++;
            }
            int e = item.length();
            while (e > 0 && AclParser.isSpace(item.charAt(e - 1))) {
                e--;
            }
            items.add(item.substring(0, e));
            if (p < n) {
                p++;
            }
        }
    }

    /**
     * Exim's readconf_readtime without fractions: {@code 90}, {@code 1h30m}, {@code 2d} ... in
     * seconds, or -1 when the text is not a time.
     */
    static long seconds(String s) {
        long total = 0;
        int p = 0;
        if (s.isEmpty()) {
            return -1;
        }
        while (true) {
            if (p >= s.length() || !Character.isDigit(s.charAt(p)) || s.charAt(p) > '9') {
                return -1;
            }
            long value = 0;
            while (p < s.length() && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                value = value * 10 + (s.charAt(p++) - '0');
                if (value > Integer.MAX_VALUE) {
                    return -1;
                }
            }
            char unit = p < s.length() ? s.charAt(p) : '\0';
            switch (unit) {
                case 'w' -> { value *= 7 * 24 * 3600; p++; }
                case 'd' -> { value *= 24 * 3600; p++; }
                case 'h' -> { value *= 3600; p++; }
                case 'm' -> { value *= 60; p++; }
                case 's' -> p++;
                default -> { }
            }
            total += value;
            if (p >= s.length()) {
                return total;
            }
        }
    }
}
