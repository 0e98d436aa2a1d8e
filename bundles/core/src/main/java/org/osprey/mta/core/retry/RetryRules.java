package org.osprey.mta.core.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.LogicalLine;
import org.osprey.mta.core.config.MainOptions;
import org.osprey.mta.core.lists.ListType;
import org.osprey.mta.core.lists.NamedList;
import org.osprey.mta.core.config.ConfigOption;
import org.osprey.mta.core.expand.ExpansionContext;
import org.osprey.mta.core.expand.ExpansionEngine;
import org.osprey.mta.core.expand.ExpansionEnvironment;
import org.osprey.mta.core.expand.Settings;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.ListMatcher;
import org.osprey.mta.kernel.expand.MatchResult;
import org.osprey.mta.kernel.option.CNumbers;
import org.osprey.mta.kernel.option.TimeValues;

/**
 * The {@code begin retry} section, in order, and the search for the rule that applies to a
 * destination and an error (Exim's retry_find_config). The lines were checked when the
 * configuration was read (the configuration reader's retry check gives Exim's messages);
 * here they are only taken apart, so a line that does not read is a bug and throws.
 *
 * <p>Never touches the hints: it answers which rule applies, nothing else.
 */
public final class RetryRules {
    private final List<RetryRule> rules;

    public RetryRules(List<RetryRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** The rules of a configuration's retry section. */
    public static RetryRules of(Configuration configuration) {
        List<RetryRule> rules = new ArrayList<>();
        for (LogicalLine line : configuration.retryRules()) {
            rules.add(read(line));
        }
        return new RetryRules(rules);
    }

    public List<RetryRule> rules() {
        return rules;
    }

    /**
     * The first rule for a retry key and an error, as Exim's retry_find_config.
     *
     * @param key a host name, or a key as the hints write it less its {@code T:} or {@code R:}
     *        ({@code host:ip[:port]}, {@code |pipe:address}), a domain, or an address
     * @param alternate a domain also to try the patterns against (for host keys: the
     *        address's domain), or null
     * @param error the failure (a rule naming another error is skipped)
     * @param sender the message's sender, or null when there is none (a rule with
     *        {@code senders} never applies then, as in Exim's -brt)
     * @param matching list matching for the patterns and senders
     */
    public Optional<RetryRule> find(String key, String alternate, RetryError error, String sender,
            ListMatcher matching) {
        return find(key, alternate, error, false, sender, matching);
    }

    /**
     * The first rule for a key whatever its error, as Exim's -brt without an error name
     * (basic_errno 0): only rules for {@code *} apply.
     */
    Optional<RetryRule> findForAnyError(String key, String alternate, ListMatcher matching) {
        return find(key, alternate, RetryError.ANY, true, null, matching);
    }

    private Optional<RetryRule> find(String key, String alternate, RetryError error, boolean noError, String sender,
            ListMatcher matching) {
        int colon = key.indexOf(':');
        if (colon >= 0) {
            key = !key.isEmpty() && isAlnum(key.charAt(0)) ? key.substring(0, colon)
                    : key.substring(key.lastIndexOf(':') + 1);
        }
        if (key.indexOf('@') < 0) {
            key = "*@" + key;
        }
        String alt = alternate == null ? null : "*@" + alternate;
        for (RetryRule rule : rules) {
            if (rule.error().kind() != RetryError.Kind.ANY && (noError || !error.matchedBy(rule.error()))) {
                continue;
            }
            if (rule.senders() != null && (sender == null || !matches(matching, rule.senders(), sender))) {
                continue;
            }
            // The pattern is one item, never a list (Exim passes UCHAR_MAX+1 as the separator).
            // Both are expanded first; one that fails to expand matches nothing, as in Exim.
            String single = "<\u0001" + rule.pattern();
            if (matches(matching, single, key) || alt != null && matches(matching, single, alt)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(ListMatcher matching, String list, String subject) {
        try {
            return matching.address(list, subject) == MatchResult.MATCH;
        } catch (ExpansionException e) {
            return false;
        }
    }

    /**
     * A list matcher for retry patterns as Exim has them at -brt time: the pattern and the
     * senders list expanded with the configuration's main options and named lists, no
     * message variables and no lookups (an engine with lookups gives its own matcher).
     */
    public static ListMatcher matcher(Configuration configuration) {
        ExpansionEnvironment environment = new ExpansionEnvironment() {
            @Override
            public Settings settings() {
                return name -> MainOptions.TABLE.find(name)
                        .map(option -> configuration.get((ConfigOption<?>) option))
                        .map(String::valueOf);
            }

            @Override
            public Optional<NamedList> namedList(ListType type, String name) {
                return configuration.namedLists().find(type, name);
            }
        };
        return new ExpansionEngine(environment).listMatcher(ExpansionContext.empty());
    }

    // Taking a checked line apart: the layout of Exim's readconf_retries.

    static RetryRule read(LogicalLine line) {
        String text = line.text();
        int[] p = {0};
        String pattern = dequote(text, p);
        int pp = skipSpace(text, p[0]);
        int e = pp;
        while (e < text.length() && text.charAt(e) > 32 && text.charAt(e) != 127) {
            e++;
        }
        RetryError error = RetryError.parse(text.substring(pp, e));
        int i = skipSpace(text, e);
        String senders = null;
        if (text.startsWith("senders", i)) {
            i = skipSpace(text, i + 7) + 1;  // past '='
            p[0] = skipSpace(text, i);
            senders = dequote(text, p);
            i = p[0];
        }
        i = skipSpace(text, i);
        List<RetryStep> steps = new ArrayList<>();
        while (i < text.length()) {
            char letter = Character.toUpperCase(text.charAt(i++));
            int[] at = {i};
            int cutoff = argument(text, at, false);
            int p1 = argument(text, at, false);
            int p2 = letter == 'F' ? 0 : argument(text, at, true);
            steps.add(new RetryStep(letter, cutoff, p1, p2));
            i = skipSpace(text, at[0]);
            if (i < text.length() && text.charAt(i) == ';') {
                i = skipSpace(text, i + 1);
            }
        }
        return new RetryRule(pattern, error, senders, steps, line.location());
    }

    private static int argument(String text, int[] at, boolean fixed) {
        int p = skipSpace(text, at[0] + 1);  // past ','
        int start = p;
        while (p < text.length() && (isAlnum(text.charAt(p)) || fixed && text.charAt(p) == '.')) {
            p++;
        }
        char end = p < text.length() ? text.charAt(p) : 0;
        at[0] = p;
        if (!fixed) {
            return TimeValues.parse(text, start, end);
        }
        CNumbers.Parsed n = CNumbers.scanInt(text, start);
        int value = (int) n.value() * 1000;
        int s = n.end();
        if (s < p && text.charAt(s) == '.') {
            int m = 100;
            while (++s < p && text.charAt(s) >= '0' && text.charAt(s) <= '9') {
                value += (text.charAt(s) - '0') * m;
                m /= 10;
            }
        }
        return value;
    }

    /** Exim's string_dequote for the pattern and the senders list: a quoted string (backslash escapes kept simple) or a word. */
    private static String dequote(String text, int[] p) {
        StringBuilder out = new StringBuilder();
        int i = p[0];
        if (i < text.length() && text.charAt(i) == '"') {
            i++;
            while (i < text.length() && text.charAt(i) != '"') {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < text.length()) {
                    char n = text.charAt(++i);
                    out.append(switch (n) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> n;
                    });
                } else {
                    out.append(c);
                }
                i++;
            }
            if (i < text.length()) {
                i++;
            }
        } else {
            while (i < text.length() && !isSpace(text.charAt(i))) {
                out.append(text.charAt(i++));
            }
        }
        p[0] = i;
        return out.toString();
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static boolean isAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
