package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.isSpace;

import java.util.ArrayList;
import java.util.List;

/**
 * Exim's lists: items separated by a colon, or by the character after a leading
 * {@code <} (as in {@code <; a ; b}), a doubled separator standing for itself. Works as
 * Exim's string_nextinlist and string_append_listele, so the items and the text rebuilt
 * from them are the same. Never matches or expands anything.
 */
final class ListItems {
    private final String text;
    private int pos;
    private int separator;

    /**
     * @param separator 0 for a colon-separated list whose separator may be changed with
     *        {@code <}; a negative value for that separator with {@code <} allowed; a
     *        positive one for a fixed separator
     */
    ListItems(String text, int separator) {
        this.text = text;
        this.separator = separator;
    }

    /** The next item, trailing white space removed, or null at the end (Exim's buffered form). */
    String next() {
        int s = pos;
        while (s < text.length() && isSpace(text.charAt(s)) && text.charAt(s) != separator) {
            s++;
        }
        if (separator <= 0) {
            char c = AsciiChars.at(text, s);
            char c1 = AsciiChars.at(text, s + 1);
            if (c == '<' && (AsciiChars.isPunct(c1) || AsciiChars.isCntrl(c1) && c1 != 0)) {
                separator = c1;
                s += 2;
                while (s < text.length() && isSpace(text.charAt(s)) && text.charAt(s) != separator) {
                    s++;
                }
            } else if (c == '<' && c1 == 0) {
                // "<" alone: Exim takes the NUL after it as the separator and stops there.
                separator = 0;
                s++;
            } else {
                separator = separator != 0 ? -separator : ':';
            }
        }
        if (s >= text.length()) {
            pos = s;
            return null;
        }
        boolean special = AsciiChars.isCntrl(separator);
        StringBuilder item = new StringBuilder();
        for (; s < text.length(); s++) {
            char c = text.charAt(s);
            if (c == separator) {
                s++;
                if (AsciiChars.at(text, s) != separator || special) {
                    break;
                }
            }
            if (s < text.length()) {
                item.append(text.charAt(s));
            }
        }
        pos = s;
        int end = item.length();
        while (end > 0 && isSpace(item.charAt(end - 1))) {
            end--;
        }
        return item.substring(0, end);
    }

    /** All the items. */
    static List<String> all(String text, int separator) {
        ListItems items = new ListItems(text, separator);
        List<String> out = new ArrayList<>();
        for (String item = items.next(); item != null; item = items.next()) {
            out.add(item);
        }
        return out;
    }

    /** Appends {@code item} to {@code list} with {@code sep}, doubling the separator inside the item. */
    static void append(StringBuilder list, char sep, String item) {
        if (list.length() > 0) {
            list.append(sep);
        }
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            list.append(c);
            if (c == sep) {
                list.append(sep);
            }
        }
    }
}
