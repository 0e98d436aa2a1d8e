package org.osprey.mta.core.expand;

import java.security.SecureRandom;
import java.util.Optional;
import org.osprey.mta.core.lists.ListReader;
import org.osprey.mta.core.lookup.LookupException;
import org.osprey.mta.core.lookup.Lookups;
import org.osprey.mta.kernel.expand.ExpansionException;

/** The operators that rewrite text: quoting, escaping, UTF-8 repair, counting, re-expansion and the legacy length/substr/hash forms. */
final class TextOperators {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TextOperators() {
    }

    static String escape(Evaluation ev, String name, String arg, String s) {
        return Printing.escape(s, false);
    }

    static String escape8bit(Evaluation ev, String name, String arg, String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 127 && c != '\\') {
                b.append(c);
            } else {
                b.append('\\').append(String.format("%03o", (int) c));
            }
        }
        return b.toString();
    }

    static String hexquote(Evaluation ev, String name, String arg, String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                b.append(String.format("\\x%02x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    static String rxquote(Evaluation ev, String name, String arg, String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!Chars.isAlnum(c)) {
                b.append('\\');
            }
            b.append(c);
        }
        return b.toString();
    }

    /** {@code quote}, {@code quote_local_part} and {@code quote_<lookup type>[_<option>]}. */
    static String quote(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        if (arg != null) {
            return quoteForLookup(ev, arg, s);
        }
        boolean local = name.equals("quote_local_part");
        boolean needs = s.isEmpty();
        for (int i = 0; i < s.length() && !needs; i++) {
            char c = s.charAt(i);
            if (local) {
                needs = !Chars.isAlnum(c) && "!#$%&'*+-/=?^_`{|}~".indexOf(c) < 0
                        && (c != '.' || i == 0 || i == s.length() - 1);
            } else {
                needs = !Chars.isAlnum(c) && "_-.".indexOf(c) < 0;
            }
        }
        if (!needs) {
            return s;
        }
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\n') {
                b.append("\\n");
            } else if (c == '\r') {
                b.append("\\r");
            } else {
                if (c == '\\' || c == '"') {
                    b.append('\\');
                }
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String quoteForLookup(Evaluation ev, String arg, String s) throws ExpansionException {
        int u = arg.indexOf('_');
        String type = u < 0 ? arg : arg.substring(0, u);
        String option = u < 0 ? null : arg.substring(u + 1);
        Lookups lookups = ev.engine().environment().lookups();
        if (lookups == null) {
            throw ExpansionException.error("unknown lookup type \"" + type + "\"");
        }
        Optional<String> quoted;
        try {
            quoted = lookups.quote(type, option, ByteStrings.external(s));
        } catch (LookupException e) {
            throw ExpansionException.error(e.getMessage());
        }
        if (quoted.isPresent()) {
            return ByteStrings.internal(quoted.get());
        }
        if (option != null) {
            throw ExpansionException.error("\"" + option + "\" unrecognized after \"${quote_" + type + "\"");
        }
        return s;
    }

    static String listcount(Evaluation ev, String name, String arg, String s) {
        int count = 0;
        ListReader reader = new ListReader(s);
        while (reader.next() != null) {
            count++;
        }
        return Integer.toString(count);
    }

    static String randint(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        long max = Numbers.integer(s, true);
        if ((int) max <= 0) {
            throw ExpansionException.error("invalid value for randint: \"" + s + "\"");
        }
        return Integer.toString(RANDOM.nextInt((int) max));
    }

    static String expand(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        try {
            return ev.engine().expandNested(ev, s);
        } catch (ExpansionException e) {
            throw Errors.wrap(e, "internal expansion of \"" + s + "\" failed: " + e.getMessage());
        }
    }

    /** Latin-1 from UTF-8, characters beyond it as underscores. */
    static String fromUtf8(Evaluation ev, String name, String arg, String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            int c = s.charAt(i++);
            if ((c & 0xc0) == 0xc0) {
                int a = UTF8_EXTRA[c & 0x3f];
                int shift = 6 * a;
                c = (c & UTF8_MASK[a]) << shift;
                while (a-- > 0 && i < s.length()) {
                    shift -= 6;
                    c |= (s.charAt(i++) & 0x3f) << shift;
                }
            }
            b.append(c > 255 ? '_' : (char) c);
        }
        return b.toString();
    }

    private static final int[] UTF8_EXTRA = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5};
    private static final int[] UTF8_MASK = {0xff, 0x1f, 0x0f, 0x07, 0x03, 0x01};

    /**
     * Invalid UTF-8 sequences each become a "?". UTF-16 surrogates count as invalid, as in the
     * Exim the reference runs (Debian's 4.96 carries that fix from 4.97).
     */
    static String utf8clean(Evaluation ev, String name, String arg, String s) {
        StringBuilder b = new StringBuilder();
        int bytesLeft = 0;
        int seqLen = 0;
        long codepoint = -1;
        StringBuilder seq = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            int complete = 0;
            char c = s.charAt(i);
            if (bytesLeft > 0) {
                if ((c & 0xc0) != 0x80) {
                    complete = 1;
                } else {
                    codepoint = (codepoint << 6) | (c & 0x3f);
                    seq.append(c);
                    if (--bytesLeft == 0) {
                        if (codepoint > 0x10FFFF || (codepoint & 0x1FF800) == 0xD800) {
                            complete = -1;
                        } else {
                            b.append(seq, 0, Math.min(seqLen, seq.length()));
                            seq.setLength(0);
                        }
                    }
                }
            } else {
                if ((c & 0x80) == 0) {
                    b.append(c);
                    continue;
                }
                if ((c & 0xe0) == 0xc0) {
                    if (c == 0xc0 || c == 0xc1) {
                        complete = -1;
                    } else {
                        bytesLeft = 1;
                        codepoint = c & 0x1f;
                    }
                } else if ((c & 0xf0) == 0xe0) {
                    bytesLeft = 2;
                    codepoint = c & 0x0f;
                } else if ((c & 0xf8) == 0xf0) {
                    bytesLeft = 3;
                    codepoint = c & 0x07;
                } else {
                    complete = -1;
                }
                seq.setLength(0);
                seq.append(c);
                seqLen = bytesLeft + 1;
            }
            if (complete != 0) {
                bytesLeft = 0;
                seq.setLength(0);
                b.append('?');
            }
            if (complete == 1 && (c & 0x80) == 0) {
                b.append(c);
            }
        }
        if (bytesLeft != 0) {
            b.append('?');
        }
        return b.toString();
    }

    /** {@code length_n}, {@code substr_m_n}, {@code hash_n_m}, {@code nhash_n_m} and their one-letter forms. */
    static String legacy(Evaluation ev, String name, String arg, String s) throws ExpansionException {
        String base = Operators.base(name);
        if (arg == null) {
            throw ExpansionException.error("missing values after " + name);
        }
        boolean length = base.equals("length") || base.equals("l");
        int[] values = {0, -1};
        int which = length ? 1 : 0;
        if (length) {
            values[1] = 0;
        }
        int sign = 1;
        int p = 0;
        if (!length && name.charAt(0) == 's' && arg.startsWith("-")) {
            sign = -1;
            p = 1;
        }
        int start = p;
        while (p < arg.length()) {
            char c = arg.charAt(p);
            if (p != start && c == '_' && which == 0) {
                which = 1;
                values[1] = 0;
                if (p + 1 < arg.length()) {
                    p++;
                }
            } else if (!Chars.isDigit(c)) {
                throw ExpansionException.error("non-digit after underscore in \"" + name + "\"");
            } else {
                values[which] = values[which] * 10 + c - '0';
                p++;
            }
        }
        values[0] *= sign;
        switch (base) {
            case "hash": case "h": return Substrings.hash(s, values[0], values[1]);
            case "nhash": case "nh": return Substrings.nhash(s, values[0], values[1]);
            default: return Substrings.substr(s, values[0], values[1]);
        }
    }
}
