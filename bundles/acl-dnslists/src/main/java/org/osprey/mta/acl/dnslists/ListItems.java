package org.osprey.mta.acl.dnslists;

import java.util.ArrayList;
import java.util.List;

/**
 * The items of an Exim list, as string_nextinlist reads them: separated by a colon, or by
 * the character of a leading {@code <x}, or by a fixed separator; a doubled separator
 * stands for itself; white space around an item is dropped. (The engine has its own
 * reader; a driver imports only the kernel, so this bundle reads its lists itself.)
 */
final class ListItems {
    private ListItems() {
    }

    /** The items of {@code list}, separated by a colon or by a leading {@code <x}'s character. */
    static List<String> of(String list) {
        return read(list, 0);
    }

    /** The items of {@code list}, separated by {@code separator} whatever the list begins with. */
    static List<String> of(String list, char separator) {
        return read(list, separator);
    }

    private static List<String> read(String list, int fixed) {
        List<String> items = new ArrayList<>();
        int n = list.length();
        int s = skipSpace(list, 0, fixed);
        int sep = fixed;
        if (sep == 0) {
            if (s < n && list.charAt(s) == '<' && (s + 1 >= n || isPunct(list.charAt(s + 1)) || isCntrl(list.charAt(s + 1)))) {
                sep = s + 1 < n ? list.charAt(s + 1) : 0;
                s = skipSpace(list, Math.min(n, s + 2), sep);
            } else {
                sep = ':';
            }
        }
        // A control character as separator is never doubled (Exim's "special" separators).
        boolean special = isCntrl(sep);
        while (s < n) {
            if (list.charAt(s) == sep) {
                s++;
                if (s >= n || list.charAt(s) != sep || special) {
                    items.add("");
                    s = skipSpace(list, s, sep);
                    continue;
                }
            }
            StringBuilder item = new StringBuilder();
            for (;;) {
                int end = s + 1;
                while (end < n && list.charAt(end) != sep) {
                    end++;
                }
                item.append(list, s, end);
                s = end;
                if (s >= n) {
                    break;
                }
                s++;
                if (s >= n || list.charAt(s) != sep || special) {
                    break;
                }
            }
            int length = item.length();
            while (length > 0 && isSpace(item.charAt(length - 1)) && (length == 1 || item.charAt(length - 2) != '\\')) {
                length--;
            }
            items.add(item.substring(0, length));
            s = skipSpace(list, s, sep);
        }
        return items;
    }

    private static int skipSpace(String list, int from, int sep) {
        int s = from;
        while (s < list.length() && isSpace(list.charAt(s)) && list.charAt(s) != sep) {
            s++;
        }
        return s;
    }

    private static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isPunct(int c) {
        return c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
    }

    private static boolean isCntrl(int c) {
        return c < 32 || c == 127;
    }
}
