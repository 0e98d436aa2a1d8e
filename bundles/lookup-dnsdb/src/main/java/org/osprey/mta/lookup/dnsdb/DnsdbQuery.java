package org.osprey.mta.lookup.dnsdb;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.osprey.mta.kernel.model.IpAddress;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * A dnsdb query, parsed as Exim's dnsdb_find reads it: an optional {@code >X} output
 * separator (newline by default) with an optional {@code ,Y} field separator or {@code ;}
 * (fields joined with nothing); modifiers each followed by a comma ({@code defer_strict},
 * {@code defer_lax}, {@code defer_never}, {@code dnssec_*}, {@code retrans_TIME},
 * {@code retry_N}); an optional record type and {@code =} (TXT when absent); then an Exim
 * list of domains or IP addresses (colon-separated unless it starts with {@code <X}).
 *
 * @param outputSeparator put between records
 * @param fieldSeparator put between the fields of one record; null when not given (each
 *        type has its own default), "" to join fields with nothing
 * @param defer how a temporary DNS failure counts
 * @param dnssec whether DNSSEC is asked for and required
 * @param timeout the resolver timeout, null for the default
 * @param retries the resolver retries, -1 for the default
 * @param type the record type
 * @param names the domains (or addresses, for PTR and CSA) to look up
 */
record DnsdbQuery(String outputSeparator, String fieldSeparator, Mode defer, Mode dnssec, Duration timeout,
        int retries, RecordType type, List<String> names) {

    /** The three strengths of defer_ and dnssec_ modifiers. */
    enum Mode { STRICT, LAX, NEVER }

    DnsdbQuery {
        Objects.requireNonNull(outputSeparator, "outputSeparator");
        names = List.copyOf(names);
    }

    /** The query is not one dnsdb understands; the message is Exim's. */
    static final class SyntaxException extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxException(String message) {
            super(message);
        }
    }

    static DnsdbQuery parse(String query) throws SyntaxException {
        Reader in = new Reader(query);
        in.skipSpace();
        String outputSeparator = "\n";
        String fieldSeparator = null;
        if (in.peek() == '>') {
            outputSeparator = String.valueOf(in.charAt(1));
            in.skip(2);
            if (in.peek() == ',') {
                fieldSeparator = String.valueOf(in.charAt(1));
                in.skip(2);
            } else if (in.peek() == ';') {
                fieldSeparator = "";
                in.skip(1);
            }
            in.skipSpace();
        }
        Mode defer = Mode.LAX;
        Mode dnssec = Mode.LAX;
        Duration timeout = null;
        int retries = -1;
        while (true) {
            if (in.takeIgnoringCase("defer_")) {
                defer = in.mode("unsupported dnsdb defer behaviour");
            } else if (in.takeIgnoringCase("dnssec_")) {
                dnssec = in.mode("unsupported dnsdb dnssec behaviour");
            } else if (in.takeIgnoringCase("retrans_")) {
                String time = in.upTo(',');
                long seconds = in.atEnd() ? -1 : TimeValues.parse(time);
                if (seconds <= 0) {
                    throw new SyntaxException("unsupported dnsdb timeout value");
                }
                timeout = Duration.ofSeconds(seconds);
            } else if (in.takeIgnoringCase("retry_")) {
                long count = in.cNumber();
                if (count < 0) {
                    throw new SyntaxException("unsupported dnsdb retry count");
                }
                retries = (int) Math.min(count, 100);
            } else {
                break;
            }
            in.skipSpace();
            if (in.peek() != ',') {
                throw new SyntaxException("dnsdb modifier syntax error");
            }
            in.skip(1);
            in.skipSpace();
        }
        String rest = in.rest();
        RecordType type = RecordType.TXT;
        int equals = rest.indexOf('=');
        if (equals >= 0) {
            int end = equals;
            while (end > 0 && isSpace(rest.charAt(end - 1))) {
                end--;
            }
            type = RecordType.named(rest.substring(0, end))
                    .orElseThrow(() -> new SyntaxException("unsupported DNS record type"));
            rest = rest.substring(skipSpace(rest, equals + 1));
        }
        boolean oneAddress = type == RecordType.PTR && !rest.startsWith("<") && IpAddress.isValid(rest);
        List<String> names = oneAddress ? List.of(rest) : eximList(rest);
        return new DnsdbQuery(outputSeparator, fieldSeparator, defer, dnssec, timeout, retries, type, names);
    }

    /**
     * The items of an Exim list: colon-separated unless it starts with {@code <} and a
     * punctuation character, items trimmed, a doubled separator standing for one.
     */
    static List<String> eximList(String list) {
        List<String> items = new ArrayList<>();
        int at = skipSpace(list, 0);
        char separator = ':';
        if (at + 1 < list.length() && list.charAt(at) == '<' && isPunctuationOrControl(list.charAt(at + 1))) {
            separator = list.charAt(at + 1);
            at += 2;
        }
        while (true) {
            at = skipSpace(list, at);
            if (at >= list.length()) {
                return items;
            }
            StringBuilder item = new StringBuilder();
            if (list.charAt(at) == separator) {
                at++;
                if (at >= list.length() || list.charAt(at) != separator || isControl(separator)) {
                    items.add("");
                    continue;
                }
            }
            while (true) {
                int end = at + 1;
                while (end < list.length() && list.charAt(end) != separator) {
                    end++;
                }
                item.append(list, at, end);
                at = end;
                if (at >= list.length() || ++at >= list.length() || list.charAt(at) != separator
                        || isControl(separator)) {
                    break;
                }
            }
            int end = item.length();
            while (end > 0 && isSpace(item.charAt(end - 1))
                    && (end == 1 || item.charAt(end - 2) != '\\')) {
                end--;
            }
            items.add(item.substring(0, end));
        }
    }

    private static int skipSpace(String s, int at) {
        while (at < s.length() && isSpace(s.charAt(at))) {
            at++;
        }
        return at;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isControl(char c) {
        return c < 0x20 || c == 0x7f;
    }

    private static boolean isPunctuationOrControl(char c) {
        return isControl(c) || (c > ' ' && c < 0x7f && !Character.isLetterOrDigit(c));
    }

    /** A cursor over the query text. */
    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        char peek() {
            return charAt(0);
        }

        char charAt(int offset) {
            return at + offset < text.length() ? text.charAt(at + offset) : 0;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        void skip(int count) {
            at = Math.min(text.length(), at + count);
        }

        void skipSpace() {
            at = DnsdbQuery.skipSpace(text, at);
        }

        boolean takeIgnoringCase(String word) {
            if (text.regionMatches(true, at, word, 0, word.length())) {
                at += word.length();
                return true;
            }
            return false;
        }

        Mode mode(String unsupported) throws SyntaxException {
            for (Mode mode : Mode.values()) {
                if (takeIgnoringCase(mode.name())) {
                    return mode;
                }
            }
            throw new SyntaxException(unsupported);
        }

        /** The text up to {@code c} (not taken), or to the end. */
        String upTo(char c) {
            int end = text.indexOf(c, at);
            end = end < 0 ? text.length() : end;
            String taken = text.substring(at, end);
            at = end;
            return taken;
        }

        /** A number as C's strtol reads it in base 0 (decimal, 0x hex or 0 octal); at least 0 if absent. */
        long cNumber() {
            int start = at;
            skipSpace();
            boolean negative = peek() == '-';
            if (peek() == '-' || peek() == '+') {
                skip(1);
            }
            int radix = 10;
            if (peek() == '0' && (charAt(1) == 'x' || charAt(1) == 'X') && Character.digit(charAt(2), 16) >= 0) {
                radix = 16;
                skip(2);
            } else if (peek() == '0') {
                radix = 8;
            }
            int digits = at;
            long value = 0;
            while (!atEnd() && Character.digit(peek(), radix) >= 0 && peek() < 0x80) {
                value = Math.min(Integer.MAX_VALUE, value * radix + Character.digit(peek(), radix));
                skip(1);
            }
            if (at == digits) {
                at = start;
                return 0;
            }
            return negative ? -value : value;
        }

        String rest() {
            return text.substring(at);
        }
    }
}
