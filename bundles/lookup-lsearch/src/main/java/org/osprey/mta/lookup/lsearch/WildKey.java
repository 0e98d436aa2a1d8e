package org.osprey.mta.lookup.lsearch;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;
import org.osprey.mta.kernel.expand.MatchResult;

/**
 * Matches a search key against the key of a wildlsearch or nwildlsearch entry, which Exim
 * treats as a one-item string list, matched without regard to case: {@code ^regex} (case
 * can be turned back on with {@code (?-i)}), {@code *suffix}, a literal, {@code !} to
 * negate, or {@code /file} naming a file of such items. For wildlsearch the entry's key
 * is expanded first; a forced failure of that expansion is no match, any other failure a
 * deferral (logged, with an empty message as in Exim). An item that is itself a lookup
 * ({@code type;file}) needs the engine's lookup layer, which a driver cannot reach: it
 * defers with a message saying so.
 */
final class WildKey {
    private static final System.Logger LOG = System.getLogger(WildKey.class.getPackageName());
    private static final int MAX_PATTERNS = 1_000;

    private final boolean expand;
    private final Map<String, Pattern> patterns = new ConcurrentHashMap<>();

    WildKey(boolean expand) {
        this.expand = expand;
    }

    /** Why a match could not be decided. */
    static final class Deferral extends Exception {
        private static final long serialVersionUID = 1L;

        Deferral(String message) {
            super(message);
        }
    }

    /** Whether {@code subject} matches the entry key {@code entryKey}. */
    boolean matches(String entryKey, String subject, Expander expander) throws Deferral {
        String item = entryKey;
        if (expand) {
            try {
                item = expander.expand(entryKey);
            } catch (ExpansionException e) {
                if (e.isForcedFailure()) {
                    return false;
                }
                LOG.log(Level.WARNING, "failed to expand \"" + entryKey + "\" while checking a list: " + e.getMessage());
                throw new Deferral("");
            }
        }
        item = Text.trimListItem(item);
        if (item.isEmpty()) {
            return false;
        }
        boolean positive = true;
        if (item.charAt(0) == '!') {
            positive = false;
            item = Text.stripLeadingSpace(item.substring(1));
        }
        if (!item.startsWith("/")) {
            return checkItem(item, subject) == MatchResult.MATCH ? positive : !positive;
        }
        boolean lineYield = positive;
        for (String line : fileItems(item)) {
            lineYield = positive;
            if (line.charAt(0) == '!') {
                lineYield = !lineYield;
                line = Text.stripLeadingSpace(line.substring(1));
            }
            if (checkItem(line, subject) == MatchResult.MATCH) {
                return lineYield;
            }
        }
        return !lineYield;
    }

    /** One pattern (Exim's check_string for a string list, caseless). */
    private MatchResult checkItem(String pattern, String subject) throws Deferral {
        if (pattern.startsWith("^")) {
            return regex(pattern).matcher(subject).find() ? MatchResult.MATCH : MatchResult.NO_MATCH;
        }
        if (pattern.startsWith("*")) {
            return Text.endsWithIgnoreAsciiCase(subject, pattern.substring(1)) ? MatchResult.MATCH
                    : MatchResult.NO_MATCH;
        }
        if (pattern.indexOf(';') >= 0) {
            throw new Deferral("lookup item \"" + pattern + "\" in a key of a wildlsearch file is not supported");
        }
        return Text.lowerAscii(subject).equals(Text.lowerAscii(pattern)) ? MatchResult.MATCH : MatchResult.NO_MATCH;
    }

    private Pattern regex(String pattern) throws Deferral {
        Pattern compiled = patterns.get(pattern);
        if (compiled == null) {
            try {
                compiled = Pattern.compile(javaSyntax(pattern), Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new Deferral("regular expression error in \"" + pattern + "\": " + e.getDescription()
                        + " at offset " + e.getIndex());
            }
            if (patterns.size() >= MAX_PATTERNS) {
                patterns.clear();
            }
            patterns.put(pattern, compiled);
        }
        return compiled;
    }

    /**
     * A PCRE pattern in Java's syntax, where the two differ in ways wildlsearch files meet:
     * {@code \N} (any character but newline) and Python-style named groups {@code (?P<name>}.
     */
    static String javaSyntax(String pcre) {
        StringBuilder java = new StringBuilder(pcre.length());
        for (int i = 0; i < pcre.length(); i++) {
            char c = pcre.charAt(i);
            if (c == '\\' && i + 1 < pcre.length()) {
                char next = pcre.charAt(++i);
                if (next == 'N' && (i + 1 >= pcre.length() || pcre.charAt(i + 1) != '{')) {
                    java.append("[^\\n]");
                } else {
                    java.append(c).append(next);
                }
            } else if (pcre.startsWith("(?P<", i)) {
                java.append("(?<");
                i += 3;
            } else {
                java.append(c);
            }
        }
        return java.toString();
    }

    /**
     * The items of a list file: one per line, {@code #} starting a comment, white space
     * trimmed, empty lines skipped.
     */
    private static List<String> fileItems(String file) throws Deferral {
        String content;
        try {
            content = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Deferral("failed to open " + file + " when checking a list: " + SystemErrors.describe(e));
        }
        List<String> items = new ArrayList<>();
        for (String line : content.split("\n", -1)) {
            int comment = line.indexOf('#');
            String item = Text.trimSpace(comment >= 0 ? line.substring(0, comment) : line);
            if (!item.isEmpty()) {
                items.add(item);
            }
        }
        return items;
    }
}
