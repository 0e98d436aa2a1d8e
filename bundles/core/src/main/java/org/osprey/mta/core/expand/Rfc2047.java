package org.osprey.mta.core.expand;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * RFC 2047 encoded words: {@code ${rfc2047:}} encodes in Exim's Q style in the headers
 * charset (Exim's parse_quote_2047), {@code ${rfc2047d:}} and {@code $h_} decode, translating
 * to the headers charset. The headers charset is the {@code headers_charset} setting, UTF-8
 * when unset (the default of Debian's Exim).
 */
public final class Rfc2047 {
    static final String DEFAULT_CHARSET = "UTF-8";

    private Rfc2047() {
    }

    static String charset(Evaluation ev) {
        return ev.engine().setting("headers_charset").orElse(DEFAULT_CHARSET);
    }

    static String encodeOperator(Evaluation ev, String name, String arg, String s) {
        return encode(s, charset(ev));
    }

    static String encode(String s, String charset) {
        String header = "=?" + charset + "?Q?";
        StringBuilder g = new StringBuilder(header);
        int l = g.length();
        boolean coded = false;
        boolean firstByte = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (g.length() - l > 67 && !firstByte) {
                g.append("?= ");
                l = g.length();
                g.append(header);
            }
            if (ch < 33 || ch > 126 || "?=()<>@,;:\\\".[]_".indexOf(ch) >= 0) {
                if (ch == ' ') {
                    g.append('_');
                    firstByte = false;
                } else {
                    g.append(String.format("=%02X", (int) ch));
                    coded = true;
                    firstByte = !firstByte;
                }
            } else {
                g.append(ch);
                firstByte = false;
            }
        }
        return coded ? g.append("?=").toString() : s;
    }

    static String decodeOperator(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        try {
            return decode(s, charset(ev));
        } catch (BadCharset e) {
            throw ExpansionException.error(e.getMessage());
        }
    }

    /** Decodes what can be decoded, leaving the text as it is where the charset is unknown. */
    static String decodeQuietly(String s) {
        try {
            return decode(s, DEFAULT_CHARSET);
        } catch (BadCharset e) {
            return s;
        }
    }

    static String decode(String s, String target) throws BadCharset {
        return decode(s, target, true);
    }

    /** @param lengthCheck whether an encoded word longer than 75 characters is left as it is */
    private static String decode(String s, String target, boolean lengthCheck) throws BadCharset {
        StringBuilder out = new StringBuilder();
        int p = 0;
        int pendingSpace = -1;
        boolean lastWasEncoded = false;
        while (p < s.length()) {
            int start = s.indexOf("=?", p);
            Word w = start < 0 ? null : word(s, start, lengthCheck);
            if (w == null) {
                int next = start < 0 ? s.length() : start + 2;
                out.append(s, p, next);
                if (lastWasEncoded && !s.substring(p, next).isBlank()) {
                    lastWasEncoded = false;
                }
                p = next;
                continue;
            }
            String between = s.substring(p, start);
            if (!(lastWasEncoded && between.chars().allMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == '\r'))) {
                out.append(between);
            }
            out.append(convert(w.bytes, w.charset, target));
            p = w.end;
            lastWasEncoded = true;
        }
        return out.toString();
    }

    private record Word(String charset, String bytes, int end) {
    }

    private static Word word(String s, int start, boolean lengthCheck) {
        int q1 = s.indexOf('?', start + 2);
        if (q1 < 0) {
            return null;
        }
        int q2 = s.indexOf('?', q1 + 1);
        if (q2 != q1 + 2) {
            return null;
        }
        int end = s.indexOf("?=", q2 + 1);
        if (end < 0 || lengthCheck && end + 2 - start > 75) {
            return null;
        }
        String charset = s.substring(start + 2, q1);
        char enc = Character.toLowerCase(s.charAt(q1 + 1));
        String text = s.substring(q2 + 1, end);
        if (text.indexOf(' ') >= 0 || charset.isEmpty()) {
            return null;
        }
        String bytes;
        if (enc == 'q') {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '_') {
                    b.append(' ');
                } else if (c == '=') {
                    if (i + 2 >= text.length() || !Chars.isXDigit(text.charAt(i + 1)) || !Chars.isXDigit(text.charAt(i + 2))) {
                        return null;
                    }
                    b.append((char) Integer.parseInt(text.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    b.append(c);
                }
            }
            bytes = b.toString();
        } else if (enc == 'b') {
            bytes = Codecs.decode64(text);
            if (bytes == null) {
                return null;
            }
        } else {
            return null;
        }
        return new Word(charset, bytes, end + 2);
    }

    /**
     * Exim's rfc2047_decode with no target charset (as mime.c calls it): encoded words decoded
     * to their bytes, no conversion. Byte strings in and out.
     */
    public static String decodeBytes(String s, boolean lengthCheck) {
        try {
            return decode(s, null, lengthCheck);
        } catch (BadCharset e) {
            throw new AssertionError(e);
        }
    }

    private static String convert(String bytes, String from, String to) throws BadCharset {
        if (to == null || from.equalsIgnoreCase(to)) {
            return bytes;
        }
        try {
            Charset source = Charset.forName(from);
            Charset target = Charset.forName(to);
            CharsetDecoder decoder = source.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            String text = decoder.decode(ByteBuffer.wrap(ByteStrings.bytes(bytes))).toString();
            return ByteStrings.of(text.getBytes(target));
        } catch (UnsupportedCharsetException | IllegalCharsetNameException | java.nio.charset.CharacterCodingException e) {
            throw new BadCharset("iconv_open(\"" + to + "\", \"" + from
                    + "\") failed: Invalid argument (maybe unsupported conversion)");
        }
    }

    /** A charset the JDK does not know, worded as Exim's iconv failure. */
    static final class BadCharset extends Exception {
        private static final long serialVersionUID = 1L;

        BadCharset(String message) {
            super(message);
        }
    }
}
