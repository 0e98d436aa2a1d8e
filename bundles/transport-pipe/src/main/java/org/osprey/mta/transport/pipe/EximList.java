package org.osprey.mta.transport.pipe;

import java.util.ArrayList;
import java.util.List;

/**
 * Exim's string_nextinlist over a whole list: colon-separated unless the list starts with
 * {@code <} and another separator, a doubled separator standing for itself, white space
 * trimmed from each item. Empty items are dropped (none of the pipe's lists wants one).
 */
final class EximList {
    private EximList() {
    }

    static List<String> items(String list) {
        String text = list.strip();
        char separator = ':';
        if (text.length() >= 2 && text.charAt(0) == '<' && !Character.isLetterOrDigit(text.charAt(1))
                && !Character.isWhitespace(text.charAt(1))) {
            separator = text.charAt(1);
            text = text.substring(2);
        }
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == separator) {
                if (i + 1 < text.length() && text.charAt(i + 1) == separator) {
                    item.append(c);
                    i++;
                    continue;
                }
                add(items, item);
                item.setLength(0);
            } else {
                item.append(c);
            }
        }
        add(items, item);
        return items;
    }

    private static void add(List<String> items, StringBuilder item) {
        String s = item.toString().strip();
        if (!s.isEmpty()) {
            items.add(s);
        }
    }
}
