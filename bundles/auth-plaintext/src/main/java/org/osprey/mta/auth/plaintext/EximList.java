package org.osprey.mta.auth.plaintext;

import java.util.ArrayList;
import java.util.List;

/**
 * Exim's lists as string_nextinlist reads them: colon-separated unless the list starts with
 * {@code <} and another separator, a doubled separator standing for one inside an item,
 * white space around items removed, and an empty item (as in {@code server_prompts = :})
 * kept as an empty string.
 */
final class EximList {
    private EximList() {
    }

    static List<String> items(String list) {
        List<String> items = new ArrayList<>();
        char separator = ':';
        int at = skipSpace(list, 0, separator);
        if (at + 1 < list.length() && list.charAt(at) == '<' && isPunctuationOrControl(list.charAt(at + 1))) {
            separator = list.charAt(at + 1);
            at += 2;
        }
        boolean special = Character.isISOControl(separator);
        while (true) {
            at = skipSpace(list, at, separator);
            if (at >= list.length()) {
                return items;
            }
            StringBuilder item = new StringBuilder();
            while (at < list.length()) {
                char c = list.charAt(at++);
                if (c == separator) {
                    if (special || at >= list.length() || list.charAt(at) != separator) {
                        break;
                    }
                    at++;
                }
                item.append(c);
            }
            int end = item.length();
            while (end > 0 && isSpace(item.charAt(end - 1))) {
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
        return c == ' ' || c >= '\t' && c <= '\r';
    }

    private static boolean isPunctuationOrControl(char c) {
        return c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c) || c < ' ' || c == 0x7f;
    }
}
