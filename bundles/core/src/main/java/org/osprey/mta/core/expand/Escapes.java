package org.osprey.mta.core.expand;

/** Exim's string_interpret_escape: the character a backslash sequence stands for. */
final class Escapes {
    private Escapes() {
    }

    /** The character escaped at {@code s[p]} (a backslash); {@code end[0]} receives the index after the sequence. */
    static char interpret(String s, int p, int[] end) {
        int n = s.length();
        if (p + 1 >= n) {
            end[0] = p + 1;
            return '\\';
        }
        p++;
        int ch = s.charAt(p);
        if (ch >= '0' && ch <= '7') {
            ch -= '0';
            if (p + 1 < n && s.charAt(p + 1) >= '0' && s.charAt(p + 1) <= '7') {
                ch = ch * 8 + s.charAt(++p) - '0';
                if (p + 1 < n && s.charAt(p + 1) >= '0' && s.charAt(p + 1) <= '7') {
                    ch = ch * 8 + s.charAt(++p) - '0';
                }
            }
        } else {
            switch (ch) {
                case 'b': ch = '\b'; break;
                case 'f': ch = '\f'; break;
                case 'n': ch = '\n'; break;
                case 'r': ch = '\r'; break;
                case 't': ch = '\t'; break;
                case 'v': ch = 0x0b; break;
                case 'x':
                    ch = 0;
                    if (p + 1 < n && Chars.isXDigit(s.charAt(p + 1))) {
                        ch = Character.digit(s.charAt(++p), 16);
                        if (p + 1 < n && Chars.isXDigit(s.charAt(p + 1))) {
                            ch = ch * 16 + Character.digit(s.charAt(++p), 16);
                        }
                    }
                    break;
                default:
                    break;
            }
        }
        end[0] = p + 1;
        return (char) (ch & 0xff);
    }
}
