package org.osprey.mta.core.lists;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Exim's check_string: one domain or local-part list item against the subject. An item is a
 * regular expression ({@code ^...}), a tail match ({@code *.example}), a lookup
 * ({@code lsearch;/file}), for domains one of the {@code @} specials ({@code @},
 * {@code @[]}, {@code @mx_any}, {@code @mx_primary}, {@code @mx_secondary}), or literal text.
 */
public final class StringPatterns {
    private static final long MATCH_LIMIT = 20_000_000L;

    private StringPatterns() {
    }

    static ListMatching.Status check(ListMatching m, String pattern, Probe probe) {
        probe.value = null;
        String s = pattern.startsWith("^") ? probe.original : probe.subject;
        int setup = probe.expandSetup;
        if (pattern.startsWith("^")) {
            Pattern re;
            try {
                re = Pattern.compile(pattern, probe.caseless ? Pattern.CASE_INSENSITIVE : 0);
            } catch (PatternSyntaxException e) {
                probe.deferMessage = "regular expression error in \"" + pattern + "\": " + e.getDescription();
                return ListMatching.Status.DEFER;
            }
            Matcher matcher = boundedMatcher(re, s);
            if (!find(matcher)) {
                return ListMatching.Status.FAIL;
            }
            if (setup >= 0) {
                String[] caps = new String[matcher.groupCount() + 1];
                caps[0] = s;
                for (int i = 1; i < caps.length; i++) {
                    caps[i] = matcher.group(i) == null ? "" : matcher.group(i);
                }
                probe.captures = caps;
            }
            probe.value = pattern;
            return ListMatching.Status.OK;
        }
        if (pattern.startsWith("*")) {
            String tail = pattern.substring(1);
            if (tail.length() > s.length()) {
                return ListMatching.Status.FAIL;
            }
            String end = s.substring(s.length() - tail.length());
            if (probe.caseless ? !end.equalsIgnoreCase(tail) : !end.equals(tail)) {
                return ListMatching.Status.FAIL;
            }
            if (setup >= 0) {
                probe.captures = new String[] {s, s.substring(0, s.length() - tail.length())};
            }
            probe.value = pattern;
            return ListMatching.Status.OK;
        }
        if (probe.atIsSpecial && pattern.startsWith("@")) {
            if (pattern.length() == 1) {
                pattern = m.support().primaryHostname();
            } else if (pattern.equals("@[]")) {
                return localLiteral(m, pattern, s, probe);
            } else if (pattern.regionMatches(true, 0, "@mx_", 0, 4)) {
                ListMatching.Status mx = MxPatterns.check(m, pattern, s, probe);
                if (mx != null) {
                    return mx;
                }
            }
        }
        int semicolon = pattern.indexOf(';');
        if (semicolon < 0) {
            if (probe.caseless ? !s.equalsIgnoreCase(pattern) : !s.equals(pattern)) {
                return ListMatching.Status.FAIL;
            }
            if (setup >= 0) {
                probe.captures = new String[] {s};
            }
            probe.value = pattern;
            return ListMatching.Status.OK;
        }
        String spec = pattern.substring(0, semicolon);
        org.osprey.mta.core.lookup.SearchResult result;
        try {
            result = m.lookupResult(spec, pattern.substring(semicolon + 1), s);
        } catch (ListMatching.LookupDeferral e) {
            probe.deferMessage = e.getMessage();
            return ListMatching.Status.DEFER;
        }
        if (result == null) {
            return ListMatching.Status.FAIL;
        }
        probe.value = result.value();
        if (setup >= 0) {
            // A partial or defaulted match sets the wild and fixed parts of the key (search_find).
            probe.captures = result.keyParts()
                    .map(k -> new String[] {s, k.wild(), k.fixed()})
                    .orElseGet(() -> new String[] {s});
        }
        return ListMatching.Status.OK;
    }

    private static ListMatching.Status localLiteral(ListMatching m, String pattern, String s, Probe probe) {
        int slen = s.length();
        if (slen == 0 || (s.charAt(0) != '[' && s.charAt(slen - 1) != ']')) {
            return ListMatching.Status.FAIL;
        }
        String inner = slen >= 2 ? s.substring(1, slen - 1) : "";
        for (String address : m.support().resolver().localAddresses()) {
            if (address.equals(inner)) {
                if (probe.expandSetup >= 0) {
                    probe.captures = new String[] {s};
                }
                probe.value = pattern;
                return ListMatching.Status.OK;
            }
        }
        return ListMatching.Status.FAIL;
    }

    static String lower(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return b.toString();
    }

    /** Finds with a bound on effort; a runaway pattern does not match (as when PCRE2 hits its match limit). */
    /**
     * A matcher over {@code subject} that gives up after a bounded amount of work, as PCRE2
     * does at its match limit: {@link #find} and {@link #lookingAt} then report no match, so
     * a pattern that backtracks without end cannot hold up a delivery. The expansion
     * engine's regular expressions use it too.
     */
    public static Matcher boundedMatcher(Pattern re, String subject) {
        return re.matcher(new BoundedText(subject));
    }

    /** {@link Matcher#find()} on a bounded matcher, false when the bound is reached. */
    public static boolean find(Matcher matcher) {
        try {
            return matcher.find();
        } catch (LimitReached e) {
            return false;
        }
    }

    /** {@link Matcher#lookingAt()} on a bounded matcher, false when the bound is reached. */
    public static boolean lookingAt(Matcher matcher) {
        try {
            return matcher.lookingAt();
        } catch (LimitReached e) {
            return false;
        }
    }

    /** Thrown from inside the matcher when the bound is reached. */
    private static final class LimitReached extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitReached() {
            super(null, null, false, false);
        }
    }

    /** The subject, counting the matcher's reads so that a runaway match stops. */
    private static final class BoundedText implements CharSequence {
        private final String s;
        private long reads;

        BoundedText(String s) {
            this.s = s;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (++reads > MATCH_LIMIT) {
                throw new LimitReached();
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return s.subSequence(start, end);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
