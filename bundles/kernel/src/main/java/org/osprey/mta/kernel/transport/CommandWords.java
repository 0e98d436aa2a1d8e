package org.osprey.mta.kernel.transport;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of a command, as Exim's transport_set_up_command splits a pipe or lmtp
 * transport's {@code command} before expanding each word: white space separates words,
 * single quotes keep everything up to the next one, double quotes keep everything up to the
 * next one with backslash escapes (Exim's string_interpret_escape) taken.
 */
public final class CommandWords {

    private CommandWords() {
    }

    /** Exim's split into words; null when there are more than {@code max}. */
    public static List<String> split(String cmd, int max) {
        List<String> words = new ArrayList<>();
        int i = skipSpace(cmd, 0);
        while (i < cmd.length()) {
            if (words.size() >= max) {
                return null;
            }
            StringBuilder word = new StringBuilder();
            char c = cmd.charAt(i);
            if (c == '\'') {
                int close = cmd.indexOf('\'', i + 1);
                int end = close < 0 ? cmd.length() : close;
                word.append(cmd, i + 1, end);
                i = close < 0 ? end : end + 1;
            } else if (c == '"') {
                i++;
                while (i < cmd.length() && cmd.charAt(i) != '"') {
                    if (cmd.charAt(i) == '\\') {
                        int[] escape = escape(cmd, i);
                        word.append((char) escape[0]);
                        i = escape[1];
                    } else {
                        word.append(cmd.charAt(i));
                    }
                    i++;
                }
                if (i < cmd.length()) {
                    i++;
                }
            } else {
                while (i < cmd.length() && !isSpace(cmd.charAt(i))) {
                    word.append(cmd.charAt(i++));
                }
            }
            words.add(word.toString());
            i = skipSpace(cmd, i);
        }
        return words;
    }

    /**
     * Exim's string_interpret_escape for the backslash at {@code at}: the character and
     * the index of the last character used.
     */
    private static int[] escape(String s, int at) {
        int p = at + 1;
        if (p >= s.length()) {
            return new int[] {'\\', at};
        }
        char ch = s.charAt(p);
        if (ch >= '0' && ch <= '7') {
            int value = ch - '0';
            for (int n = 0; n < 2 && p + 1 < s.length() && s.charAt(p + 1) >= '0' && s.charAt(p + 1) <= '7'; n++) {
                value = value * 8 + s.charAt(++p) - '0';
            }
            return new int[] {value & 0xff, p};
        }
        switch (ch) {
            case 'b': return new int[] {'\b', p};
            case 'f': return new int[] {'\f', p};
            case 'n': return new int[] {'\n', p};
            case 'r': return new int[] {'\r', p};
            case 't': return new int[] {'\t', p};
            case 'v': return new int[] {0x0b, p};
            case 'x':
                int value = 0;
                for (int n = 0; n < 2 && p + 1 < s.length() && Character.digit(s.charAt(p + 1), 16) >= 0; n++) {
                    value = value * 16 + Character.digit(s.charAt(++p), 16);
                }
                return new int[] {value, p};
            default: return new int[] {ch, p};
        }
    }

    private static int skipSpace(String s, int i) {
        while (i < s.length() && isSpace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** C's isspace in the C locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
    }
}
