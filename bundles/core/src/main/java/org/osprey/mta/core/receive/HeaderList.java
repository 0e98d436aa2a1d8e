package org.osprey.mta.core.receive;

import java.util.ArrayList;
import java.util.List;
import org.osprey.mta.core.spool.HeaderLine;
import org.osprey.mta.kernel.address.Rfc822;

/**
 * A message's headers while it is received, as Exim's header chain: the first entry is the
 * place kept for the Received: header Osprey adds (empty until it is made), then the headers
 * read, then those added. Each has Exim's type character, which reception changes as it goes
 * ({@code *} for one deleted or replaced). Byte strings, as the spool keeps them.
 */
final class HeaderList {

    /** Exim's header types (the letters of the -H file). */
    static final char OLD = '*';
    static final char OTHER = ' ';
    static final char BCC = 'B';
    static final char CC = 'C';
    static final char FROM = 'F';
    static final char ID = 'I';
    static final char RECEIVED = 'P';
    static final char REPLY_TO = 'R';
    static final char SENDER = 'S';
    static final char TO = 'T';

    /** What header_checkname recognises beyond the types it sets: these leave the type alone. */
    enum Name { BCC, CC, DATE, DELIVERY_DATE, ENVELOPE_TO, FROM, MESSAGE_ID, RECEIVED, REPLY_TO, RETURN_PATH,
        SENDER, SUBJECT, TO, OTHER }

    /** One header: type and text (with continuation lines and the final newline); text null for the Received placeholder. */
    static final class Entry {
        char type;
        String text;

        Entry(char type, String text) {
            this.type = type;
            this.text = text;
        }
    }

    private record Known(String name, boolean allowResent, Name kind) {
    }

    /** Exim's header_names table, in its (sorted) order. */
    private static final List<Known> KNOWN = List.of(
            new Known("bcc", true, Name.BCC), new Known("cc", true, Name.CC), new Known("date", true, Name.DATE),
            new Known("delivery-date", false, Name.DELIVERY_DATE),
            new Known("envelope-to", false, Name.ENVELOPE_TO), new Known("from", true, Name.FROM),
            new Known("message-id", true, Name.MESSAGE_ID), new Known("received", false, Name.RECEIVED),
            new Known("reply-to", false, Name.REPLY_TO), new Known("return-path", false, Name.RETURN_PATH),
            new Known("sender", true, Name.SENDER), new Known("subject", false, Name.SUBJECT),
            new Known("to", true, Name.TO));

    private final List<Entry> entries = new ArrayList<>();

    HeaderList() {
        entries.add(new Entry(OLD, null));
    }

    /** All entries, the Received placeholder first. */
    List<Entry> entries() {
        return entries;
    }

    Entry received() {
        return entries.get(0);
    }

    int size() {
        return entries.size();
    }

    Entry get(int i) {
        return entries.get(i);
    }

    /** A header read from the input, untyped for now. */
    void addRead(String text) {
        entries.add(new Entry(OTHER, text));
    }

    /**
     * header_add: at the end, split into one entry per line that does not start with white
     * space. Returns the last entry added.
     */
    Entry add(char type, String text) {
        return addAt(entries.size(), type, text);
    }

    /**
     * header_add_at_position with no name and {@code after} false: at the top, but after the
     * Received placeholder while it has no text.
     */
    Entry addAtTop(char type, String text) {
        return addAt(received().text == null ? 1 : 0, type, text);
    }

    private Entry addAt(int index, char type, String text) {
        Entry last = null;
        int p = 0;
        int at = index;
        while (p < text.length()) {
            int q = p;
            for (;;) {
                int nl = text.indexOf('\n', q);
                q = nl < 0 ? text.length() : nl;
                q++;
                if (q >= text.length() || text.charAt(q) != ' ' && text.charAt(q) != '\t') {
                    break;
                }
            }
            q = Math.min(q, text.length());
            last = new Entry(type, text.substring(p, q));
            entries.add(at++, last);
            p = q;
        }
        return last;
    }

    /** Inserts {@code replacement} after {@code old} and marks {@code old} replaced. */
    void replace(Entry old, Entry replacement) {
        int i = entries.indexOf(old);
        entries.add(i + 1, replacement);
        old.type = OLD;
    }

    /** Whether a header's text starts {@code Resent-} (any case). */
    static boolean isResent(String text) {
        return text.regionMatches(true, 0, "resent-", 0, 7);
    }

    /** header_checkname: which known header this is (after {@code Resent-} when {@code resent}). */
    static Name checkName(String text, boolean resent) {
        int from = resent ? 7 : 0;
        for (Known k : KNOWN) {
            int len = k.name().length();
            if (text.regionMatches(true, from, k.name(), 0, len)) {
                int s = from + len;
                while (s < text.length() && Rfc822.isSpace(text.charAt(s))) {
                    s++;
                }
                if (s < text.length() && text.charAt(s) == ':') {
                    return !resent || k.allowResent() ? k.kind() : Name.OTHER;
                }
            }
        }
        return Name.OTHER;
    }

    /** The text after the header's colon. */
    static String value(String text) {
        return text.substring(text.indexOf(':') + 1);
    }

    /** The headers as the -H file keeps them, the Received entry included once it has text. */
    List<HeaderLine> toSpool() {
        List<HeaderLine> out = new ArrayList<>();
        for (Entry e : entries) {
            if (e.text != null) {
                out.add(new HeaderLine(e.type, e.text));
            }
        }
        return out;
    }
}
