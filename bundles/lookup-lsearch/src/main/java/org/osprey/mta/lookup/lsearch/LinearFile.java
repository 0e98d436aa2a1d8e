package org.osprey.mta.lookup.lsearch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osprey.mta.kernel.option.CNumbers;

/**
 * A keyed text file as Exim's lsearch reads it, parsed once: each line that starts with
 * neither white space nor {@code #} begins an entry. The key ends at a colon or white
 * space, or is a double-quoted string with backslash escapes. The data is the rest of the
 * line after white space and one optional colon, joined with the lines that follow and
 * start with white space (each such junction a single space). As in Exim 4.96, an empty
 * or comment line ends an entry's continuation lines for good, and trailing white space
 * is kept on a last line that has no newline. Immutable; safe to share between threads.
 */
final class LinearFile {
    private final List<Entry> entries;
    private volatile Map<String, Entry> byLowerCaseKey;

    private LinearFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The entries in file order. */
    List<Entry> entries() {
        return entries;
    }

    /** The first entry whose key equals {@code key} ignoring ASCII case, or null. */
    Entry exact(String key) {
        Map<String, Entry> index = byLowerCaseKey;
        if (index == null) {
            index = new HashMap<>();
            for (Entry entry : entries) {
                index.putIfAbsent(Text.lowerAscii(entry.key()), entry);
            }
            byLowerCaseKey = index;
        }
        return index.get(Text.lowerAscii(key));
    }

    static LinearFile parse(String content) {
        List<String> lines = lines(content);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || line.charAt(0) == '#' || CNumbers.isSpace(line.charAt(0))) {
                continue;
            }
            StringBuilder continuation = new StringBuilder();
            for (int j = i + 1; j < lines.size(); j++) {
                String next = lines.get(j);
                if (next.isEmpty() || next.charAt(0) == '#' || !CNumbers.isSpace(next.charAt(0))) {
                    break;
                }
                continuation.append(' ').append(Text.stripLeadingSpace(next));
            }
            entries.add(Entry.of(line, continuation.toString()));
        }
        return new LinearFile(entries);
    }

    /** The physical lines, each without its newline and, if it had one, without trailing white space. */
    private static List<String> lines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int newline = content.indexOf('\n', start);
            if (newline < 0) {
                lines.add(content.substring(start));
                break;
            }
            int end = newline;
            while (end > start && CNumbers.isSpace(content.charAt(end - 1))) {
                end--;
            }
            lines.add(content.substring(start, end));
            start = newline + 1;
        }
        return lines;
    }

    /**
     * One entry.
     *
     * @param key the key, unquoted
     * @param quoted whether the key was written in double quotes
     * @param line the entry's first line as written
     * @param afterKey the rest of the first line after the key (after the closing quote)
     * @param continuation the continuation lines, each with a single leading space
     */
    record Entry(String key, boolean quoted, String line, String afterKey, String continuation) {

        static Entry of(String line, String continuation) {
            if (line.charAt(0) == '"') {
                StringBuilder key = new StringBuilder();
                int at = 1;
                while (at < line.length() && line.charAt(at) != '"') {
                    if (line.charAt(at) == '\\') {
                        at = Text.unescape(line, at, key);
                    } else {
                        key.append(line.charAt(at));
                    }
                    at++;
                }
                String afterKey = at < line.length() ? line.substring(at + 1) : "";
                return new Entry(key.toString(), true, line, afterKey, continuation);
            }
            int end = 0;
            while (end < line.length() && line.charAt(end) != ':' && !CNumbers.isSpace(line.charAt(end))) {
                end++;
            }
            return new Entry(line.substring(0, end), false, line, line.substring(end), continuation);
        }

        /** The data: the rest of the line after white space and an optional colon, with the continuations. */
        String data() {
            int at = CNumbers.skipSpace(afterKey, 0);
            if (at < afterKey.length() && afterKey.charAt(at) == ':') {
                at = CNumbers.skipSpace(afterKey, at + 1);
            }
            return afterKey.substring(at) + continuation;
        }

        /** The whole entry, for {@code ret=full}: the key (unquoted) and everything after it. */
        String full() {
            return (quoted ? key + afterKey : line) + continuation;
        }
    }
}
