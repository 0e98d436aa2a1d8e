package org.osprey.mta.router.dnslookup;

import java.util.ArrayList;
import java.util.List;

/**
 * The items of an Exim string list, read as string_nextinlist reads them into a buffer:
 * colon-separated unless the list opens with {@code <} and a punctuation (or control) character, a
 * doubled separator stands for itself, white space is trimmed from both ends of an item,
 * an empty item in the middle is kept, and an item is cut to 255 characters (the size of
 * the buffer dnslookup reads {@code widen_domains} into).
 */
final class StringList {
    private static final int BUFFER = 256;

    private StringList() {
    }

    static List<String> items(String list) {
        int s = skipSpace(list, 0, (char) 0);
        char sep = ':';
        if (at(list, s) == '<' && (isPunct(at(list, s + 1)) || isControl(at(list, s + 1)))) {
            sep = list.charAt(s + 1);
            s = skipSpace(list, s + 2, sep);
        }
        // A control character as separator cannot be doubled to stand for itself.
        boolean special = isControl(sep);
        List<String> items = new ArrayList<>();
        while (true) {
            s = skipSpace(list, s, sep);
            if (s >= list.length()) {
                return items;
            }
            StringBuilder item = new StringBuilder();
            for (; s < list.length(); s++) {
                if (list.charAt(s) == sep && (at(list, ++s) != sep || special)) {
                    break;
                }
                if (item.length() < BUFFER - 1) {
                    item.append(list.charAt(s));
                }
            }
            int end = item.length();
            while (end > 0 && isSpace(item.charAt(end - 1))) {
                end--;
            }
            items.add(item.substring(0, end));
        }
    }

    private static int skipSpace(String list, int s, char sep) {
        while (isSpace(at(list, s)) && at(list, s) != sep) {
            s++;
        }
        return s;
    }

    private static char at(String s, int i) {
        return i < s.length() ? s.charAt(i) : 0;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isControl(char c) {
        return c != 0 && c < ' ' || c == 127;
    }

    /** C's ispunct in the "C" locale: printable ASCII that is neither a letter, a digit nor a space. */
    private static boolean isPunct(char c) {
        return c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
    }
}
