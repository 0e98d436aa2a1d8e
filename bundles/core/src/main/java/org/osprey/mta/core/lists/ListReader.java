package org.osprey.mta.core.lists;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the items of an Exim list (Exim's string_nextinlist): items separated by a colon, or
 * by the character given in a leading {@code <x}; a doubled separator stands for itself; white
 * space around items is dropped. Works on byte strings (one char per byte).
 */
public final class ListReader {
    private final String list;
    private int pos;
    private int sep;

    /** A reader that takes the separator from the list ({@code <;}) or uses a colon. */
    public ListReader(String list) {
        this(list, 0);
    }

    /**
     * @param separator a fixed separator when positive; 0 to use a leading {@code <x} or a colon;
     *        negative to use a leading {@code <x} or the negated value
     */
    public ListReader(String list, int separator) {
        this.list = list == null ? "" : list;
        this.sep = separator;
    }

    /** The separator in use (known once the first item has been asked for). */
    public int separator() {
        return sep;
    }

    /** The next item, or null at the end of the list. */
    public String next() {
        int n = list.length();
        int s = pos;
        while (s < n && isSpace(list.charAt(s)) && list.charAt(s) != sep) {
            s++;
        }
        if (sep <= 0) {
            if (s < n && list.charAt(s) == '<' && (s + 1 >= n || isPunct(list.charAt(s + 1)) || isCntrl(list.charAt(s + 1)))) {
                sep = s + 1 < n ? list.charAt(s + 1) : 0;
                s = Math.min(n, s + 2);
                while (s < n && isSpace(list.charAt(s)) && list.charAt(s) != sep) {
                    s++;
                }
            } else {
                sep = sep != 0 ? -sep : ':';
            }
        }
        if (s >= n) {
            pos = s;
            return null;
        }
        boolean special = isCntrl(sep);
        if (list.charAt(s) == sep) {
            s++;
            if (s >= n || list.charAt(s) != sep || special) {
                pos = s;
                return "";
            }
        }
        StringBuilder item = new StringBuilder();
        for (;;) {
            int ss = s + 1;
            while (ss < n && list.charAt(ss) != sep) {
                ss++;
            }
            item.append(list, s, ss);
            s = ss;
            if (s >= n) {
                break;
            }
            s++;
            if (s >= n || list.charAt(s) != sep || special) {
                break;
            }
        }
        int len = item.length();
        while (len > 0 && isSpace(item.charAt(len - 1)) && (len == 1 || item.charAt(len - 2) != '\\')) {
            len--;
        }
        pos = s;
        return item.substring(0, len);
    }

    /** All the items of {@code list}. */
    public static List<String> items(String list) {
        List<String> items = new ArrayList<>();
        ListReader reader = new ListReader(list);
        for (String item = reader.next(); item != null; item = reader.next()) {
            items.add(item);
        }
        return items;
    }

    static boolean isSpace(int c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    static boolean isPunct(int c) {
        return c > ' ' && c < 127 && !Character.isLetterOrDigit(c);
    }

    static boolean isCntrl(int c) {
        return c < 32 || c == 127;
    }
}
