package org.osprey.mta.core.config;

import static org.osprey.mta.core.config.AsciiChars.at;
import static org.osprey.mta.core.config.AsciiChars.isSpace;

/**
 * Exim's quoted strings: a value in double quotes has its backslash escapes interpreted
 * ({@code \n \r \t \b \f \v}, up to three octal digits, {@code \x} and up to two hex
 * digits, any other character standing for itself); a value without quotes is taken as
 * it is. Works on ISO-8859-1 text, so an escape yields one byte. Never expands anything.
 */
final class QuotedString {
    private final String value;
    private final int end;

    private QuotedString(String value, int end) {
        this.value = value;
        this.end = end;
    }

    /** The string read. A NUL from an escape ends it, as it ends a C string. */
    String value() {
        return value;
    }

    /** Where reading stopped in the text: just past the closing quote, or past the word. */
    int end() {
        return end;
    }

    /**
     * Reads one item at {@code start}, as Exim's string_dequote: a quoted string, or else
     * the characters up to the next white space.
     */
    static QuotedString read(String text, int start) {
        StringBuilder out = new StringBuilder();
        int i = start;
        if (at(text, i) != '"') {
            while (i < text.length() && !isSpace(text.charAt(i))) {
                out.append(text.charAt(i++));
            }
            return new QuotedString(out.toString(), i);
        }
        i++;
        while (i < text.length() && text.charAt(i) != '"') {
            if (text.charAt(i) == '\\') {
                int[] next = {i};
                out.append(escape(text, next));
                i = next[0];
            } else {
                out.append(text.charAt(i));
            }
            i++;
        }
        if (i < text.length()) {
            i++;
        }
        return new QuotedString(cString(out), i);
    }

    /**
     * The value of an option: the text as it is, or the quoted string when it starts with
     * a quote, which must then be all the text (Exim's read_string).
     *
     * @throws ConfigException with Exim's words when the quote is not closed or text follows it
     */
    static String optionValue(String text, String optionName, Location location) throws ConfigException {
        if (at(text, 0) != '"') {
            return text;
        }
        QuotedString q = read(text, 0);
        int stop = q.end();
        if (stop == 1 || text.charAt(stop - 1) != '"') {
            throw ConfigException.inLine(location, "missing quote at end of string value for " + optionName);
        }
        if (stop < text.length()) {
            throw ConfigException.inLine(location,
                    ConfigException.extraCharacters(text.substring(stop), "string value for " + optionName));
        }
        return q.value();
    }

    /**
     * Interprets the escape whose backslash is at {@code pos[0]}; leaves {@code pos[0]} on
     * the last character used, as Exim's string_interpret_escape.
     */
    static char escape(String text, int[] pos) {
        int p = pos[0];
        char ch = at(text, ++p);
        if (ch == 0) {
            return '\\';
        }
        int value;
        if (ch >= '0' && ch <= '7') {
            value = ch - '0';
            if (at(text, p + 1) >= '0' && at(text, p + 1) <= '7') {
                value = value * 8 + text.charAt(++p) - '0';
                if (at(text, p + 1) >= '0' && at(text, p + 1) <= '7') {
                    value = value * 8 + text.charAt(++p) - '0';
                }
            }
        } else {
            value = switch (ch) {
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'v' -> 0x0b;
                case 'x' -> {
                    int v = 0;
                    if (AsciiChars.isXDigit(at(text, p + 1))) {
                        v = Character.digit(text.charAt(++p), 16);
                        if (AsciiChars.isXDigit(at(text, p + 1))) {
                            v = v * 16 + Character.digit(text.charAt(++p), 16);
                        }
                    }
                    yield v;
                }
                default -> ch;
            };
        }
        pos[0] = p;
        return (char) (value & 0xff);
    }

    /** The text up to its first NUL. */
    static String cString(CharSequence s) {
        String text = s.toString();
        int nul = text.indexOf('\0');
        return nul < 0 ? text : text.substring(0, nul);
    }
}
