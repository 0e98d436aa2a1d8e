package org.osprey.mta.lookup.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Exim's colon-separated lists as string_nextinlist reads them: {@code <c} at the start
 * makes {@code c} the separator, a doubled separator stands for one in an item
 * ({@code localhost::5432}), items lose leading and trailing white space, and an empty
 * item is an empty string.
 */
final class EximList {
    private EximList() {
    }

    static List<String> items(String list) {
        List<String> items = new ArrayList<>();
        int at = skipSpace(list, 0, ':');
        char separator = ':';
        if (at + 1 < list.length() && list.charAt(at) == '<' && isPunctuationOrControl(list.charAt(at + 1))) {
            separator = list.charAt(at + 1);
            at = skipSpace(list, at + 2, separator);
        }
        boolean special = Character.isISOControl(separator);
        while (true) {
            at = skipSpace(list, at, separator);
            if (at >= list.length()) {
                return items;
            }
            if (list.charAt(at) == separator && (++at >= list.length() || list.charAt(at) != separator || special)) {
                items.add("");
                continue;
            }
            StringBuilder item = new StringBuilder();
            while (true) {
                int end = at + 1;
                while (end < list.length() && list.charAt(end) != separator) {
                    end++;
                }
                item.append(list, at, end);
                at = end;
                if (at >= list.length() || ++at >= list.length() || list.charAt(at) != separator || special) {
                    break;
                }
            }
            int end = item.length();
            while (end > 0 && isSpace(item.charAt(end - 1)) && (end == 1 || item.charAt(end - 2) != '\\')) {
                end--;
            }
            items.add(item.substring(0, end));
        }
    }

    private static int skipSpace(String list, int at, char separator) {
        while (at < list.length() && isSpace(list.charAt(at)) && list.charAt(at) != separator) {
            at++;
        }
        return at;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isPunctuationOrControl(char c) {
        return (c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c)) || c < ' ' || c == 0x7f;
    }
}
