package org.osprey.mta.router.manualroute;

import java.util.ArrayList;
import java.util.List;

/**
 * Exim's list reading ({@code string_nextinlist}) for the two lists this router reads itself:
 * the rules of {@code route_list} (separated by semicolons) and a host list (by colons). A
 * list may start with {@code <} and another separator; a doubled separator is the character
 * itself; blanks around items are dropped and empty items are kept.
 */
final class EximList {
    private EximList() {
    }

    static List<String> items(String list, char defaultSeparator) {
        List<String> items = new ArrayList<>();
        int s = skipSpace(list, 0);
        char sep = defaultSeparator;
        if (s < list.length() && list.charAt(s) == '<' && s + 1 < list.length() && isSeparatorChar(list.charAt(s + 1))) {
            sep = list.charAt(s + 1);
            s = skipSpace(list, s + 2);
        } else if (s < list.length() && list.charAt(s) == '<' && s + 1 == list.length()) {
            // "<" alone: Exim takes the NUL after it as the separator, and the list is empty.
            return items;
        }
        boolean special = Character.isISOControl(sep);
        while (s < list.length()) {
            StringBuilder item = new StringBuilder();
            while (s < list.length()) {
                char c = list.charAt(s);
                if (c == sep) {
                    if (s + 1 < list.length() && list.charAt(s + 1) == sep && !special) {
                        item.append(sep);
                        s += 2;
                        continue;
                    }
                    s++;
                    break;
                }
                item.append(c);
                s++;
            }
            items.add(item.toString().strip());
            if (s < list.length()) {
                s = skipSpace(list, s);
            }
        }
        return items;
    }

    /** Exim allows any punctuation or control character after the {@code <}. */
    private static boolean isSeparatorChar(char c) {
        return c < 128 && (Character.isISOControl(c) || (c > ' ' && !Character.isLetterOrDigit(c)));
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }
}
