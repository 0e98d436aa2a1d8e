package org.osprey.mta.kernel.option;

import java.util.ArrayList;
import java.util.List;

/**
 * An Exim list read item by item as Exim's string_nextinlist reads it: colon-separated
 * unless the list starts with {@code <} and a punctuation (or control) character, which
 * becomes the separator ({@code <; a:1 ; b}); a doubled separator stands for itself
 * ({@code a::1}), except a control character; white space is trimmed from each item. An
 * empty item between two separators is an item; a separator at the very end ends the list.
 */
public final class EximList {
    private EximList() {
    }

    /** The items of a list, empty ones included, as Exim returns them. */
    public static List<String> items(String list) {
        int at = skipSpace(list, 0, -1);
        int separator = ':';
        if (at + 1 < list.length() && list.charAt(at) == '<'
                && (isPunct(list.charAt(at + 1)) || isControl(list.charAt(at + 1)))) {
            separator = list.charAt(at + 1);
            at = skipSpace(list, at + 2, separator);
        }
        boolean doubles = !isControl(separator);
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        while (at < list.length()) {
            item.setLength(0);
            for (; at < list.length(); at++) {
                char c = list.charAt(at);
                if (c == separator) {
                    at++;
                    if (!doubles || at == list.length() || list.charAt(at) != separator) {
                        break;
                    }
                }
                item.append(c);
            }
            items.add(item.toString().stripTrailing());
            at = skipSpace(list, at, separator);
        }
        return items;
    }

    /** The items that are not empty (for lists where an empty item means nothing). */
    public static List<String> nonEmptyItems(String list) {
        return items(list).stream().filter(item -> !item.isEmpty()).toList();
    }

    private static int skipSpace(String list, int at, int separator) {
        while (at < list.length() && Character.isWhitespace(list.charAt(at)) && list.charAt(at) != separator) {
            at++;
        }
        return at;
    }

    /** C's ispunct in the C locale. */
    private static boolean isPunct(char c) {
        return c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
    }

    /** C's iscntrl in the C locale. */
    private static boolean isControl(int c) {
        return c < ' ' || c == 127;
    }
}
