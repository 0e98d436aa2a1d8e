package org.osprey.mta.core.retry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.core.config.RetryRuleText;
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
        for (RetryRuleText line : configuration.retryRules()) {
            List<RetryStep> steps = line.steps().stream()
                    .map(step -> new RetryStep(step.letter(), step.cutoff(), step.first(), step.multiplier()))
                    .toList();
            rules.add(new RetryRule(line.pattern(), RetryError.parse(line.errorName()), line.senders(), steps,
                    line.location()));
        }
        return new RetryRules(rules);
    }

    public List<RetryRule> rules() {
        return rules;
    }

    /**
     * Exim's retry_maximum_timeout: the longest cutoff of any rule's parameter sets, in
     * seconds; 0 when there are none.
     */
    public int maximumTimeout() {
        return rules.stream().flatMap(r -> r.steps().stream()).mapToInt(RetryStep::cutoff).max().orElse(0);
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
            key = !key.isEmpty() && isAsciiAlnum(key.charAt(0)) ? key.substring(0, colon)
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

    private static boolean isAsciiAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
