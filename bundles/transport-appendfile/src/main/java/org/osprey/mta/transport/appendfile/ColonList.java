package org.osprey.mta.transport.appendfile;

import java.util.ArrayList;
import java.util.List;

/**
 * Exim's string_nextinlist over a whole list (for {@code file_format}): colon-separated
 * unless the list starts with {@code <} and another separator, a doubled separator standing
 * for itself, white space trimmed from each item.
 */
final class ColonList {
    private ColonList() {
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
        if (text.isBlank()) {
            return items;
        }
        StringBuilder item = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != separator) {
                item.append(c);
            } else if (i + 1 < text.length() && text.charAt(i + 1) == separator) {
                item.append(c);
                i++;
            } else {
                items.add(item.toString().strip());
                item.setLength(0);
            }
        }
        items.add(item.toString().strip());
        return items;
    }
}
