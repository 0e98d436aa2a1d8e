package org.osprey.mta.core.expand;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.osprey.mta.core.lists.StringPatterns;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * Exim's regular expressions (PCRE2, no UTF mode) on java.util.regex, over byte strings. The
 * two agree on the syntax configurations use; PCRE2's wording of the common compile errors is
 * reproduced. Matching is bounded in effort: a pattern that backtracks without end fails to
 * match, as PCRE2 does when it reaches its match limit.
 */
final class Regex {
    private Regex() {
    }

    /** Compiles {@code pattern}, or fails with Exim's message for the {@code match} condition and {@code sg}. */
    static Pattern compile(String pattern, boolean caseless) throws ExpansionException {
        String problem = pcreProblem(pattern);
        if (problem != null) {
            throw ExpansionException.error("regular expression error in \"" + pattern + "\": " + problem);
        }
        try {
            return Pattern.compile(translate(pattern), caseless ? Pattern.CASE_INSENSITIVE : 0);
        } catch (PatternSyntaxException e) {
            throw ExpansionException.error("regular expression error in \"" + pattern + "\": "
                    + e.getDescription() + " at offset " + Math.max(0, e.getIndex()));
        }
    }

    /** A matcher that gives up (finds no match) after a bounded amount of work. */
    static Matcher matcher(Pattern pattern, String subject) {
        Matcher m = StringPatterns.boundedMatcher(pattern, subject);
        m.useAnchoringBounds(false);
        m.useTransparentBounds(true);
        return m;
    }

    /** {@link Matcher#find()}, false when the effort bound is hit. */
    static boolean find(Matcher m) {
        return StringPatterns.find(m);
    }

    /** {@link Matcher#find(int)} with {@link Matcher#region} semantics for anchored retries. */
    static boolean lookingAt(Matcher m) {
        return StringPatterns.lookingAt(m);
    }

    /** The groups of the last match as Exim's $0..$n (unset groups empty). */
    static String[] groups(Matcher m) {
        int n = m.groupCount() + 1;
        String[] values = new String[n];
        for (int i = 0; i < n; i++) {
            String g = m.group(i);
            values[i] = g == null ? "" : g;
        }
        return values;
    }

    private static String translate(String pattern) {
        return pattern.replace("(?P<", "(?<");
    }

    /** PCRE2's message and offset for the mistakes Java words differently, or null. */
    private static String pcreProblem(String p) {
        int depth = 0;
        int n = p.length();
        boolean repeatable = false;
        for (int i = 0; i < n; i++) {
            char c = p.charAt(i);
            if (c == '\\') {
                if (i + 1 >= n) {
                    return "\\ at end of pattern at offset " + n;
                }
                if (p.charAt(i + 1) == 'Q') {
                    int end = p.indexOf("\\E", i + 2);
                    i = end < 0 ? n : end + 1;
                } else {
                    i++;
                }
                repeatable = true;
            } else if (c == '[') {
                int j = i + 1;
                if (j < n && p.charAt(j) == '^') {
                    j++;
                }
                if (j < n && p.charAt(j) == ']') {
                    j++;
                }
                while (j < n && p.charAt(j) != ']') {
                    if (p.charAt(j) == '\\') {
                        j++;
                    } else if (p.charAt(j) == '[' && j + 1 < n && p.charAt(j + 1) == ':') {
                        int close = p.indexOf(":]", j + 2);
                        if (close > 0) {
                            j = close + 1;
                        }
                    }
                    j++;
                }
                if (j >= n) {
                    return "missing terminating ] for character class at offset " + n;
                }
                i = j;
                repeatable = true;
            } else if (c == '(') {
                depth++;
                repeatable = false;
                if (i + 1 < n && p.charAt(i + 1) == '?') {
                    i++;
                }
            } else if (c == ')') {
                if (depth == 0) {
                    return "unmatched closing parenthesis at offset " + i;
                }
                depth--;
                repeatable = true;
            } else if (c == '*' || c == '+' || c == '?') {
                if (!repeatable) {
                    return "quantifier does not follow a repeatable item at offset " + i;
                }
                if (i + 1 < n && (p.charAt(i + 1) == '+' || p.charAt(i + 1) == '?')) {
                    i++;
                }
                repeatable = false;
            } else if (c == '|') {
                repeatable = false;
            } else {
                repeatable = c != '^' || i > 0;
                if (c == '^' || c == '$') {
                    repeatable = true;
                }
            }
        }
        if (depth > 0) {
            return "missing closing parenthesis at offset " + n;
        }
        return null;
    }
}
