package org.osprey.mta.core.retry;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import org.osprey.mta.core.config.Configuration;
import org.osprey.mta.kernel.expand.ListMatcher;

/**
 * Exim's {@code -brt}: which retry rule applies to a host name, domain or address, with an
 * optional second domain and an optional error name. Prints what Exim prints and returns
 * its exit code (0, or 1 for a missing argument or a bad error name). There is no sender
 * during the test, so a rule with {@code senders} never applies, as in Exim.
 */
public final class RetryTester {
    private RetryTester() {
    }

    /** Runs {@code -brt ARGS}; {@code args} are the arguments after {@code -brt}. */
    public static int run(Configuration configuration, List<String> args, PrintStream out) {
        return run(RetryRules.of(configuration), RetryRules.matcher(configuration), args, out);
    }

    /** The same with the rules and the list matching given (an engine with lookups, a fixed resolver). */
    public static int run(RetryRules rules, ListMatcher matching, List<String> args, PrintStream out) {
        if (args.isEmpty()) {
            out.print("-brt needs a domain or address argument\n");
            return 1;
        }
        int i = 0;
        String s1 = args.get(i++);
        String s2 = null;
        if (s1.indexOf('@') < 0 && s1.indexOf('.') < 0) {
            out.print("Warning: \"" + s1 + "\" contains no '@' and no '.' characters. It is being \n"
                    + "treated as a one-component domain, not as a local part.\n\n");
        }
        if (i < args.size() && args.get(i).indexOf('.') >= 0) {
            s2 = args.get(i++);
        }
        RetryError error = new RetryError(RetryError.Kind.ANY, 0);
        boolean anyError = true;
        if (i < args.size()) {
            try {
                error = RetryError.parse(args.get(i)).asTestFailure();
                anyError = false;
            } catch (IllegalArgumentException e) {
                out.print(e.getMessage() + "\n");
                return 1;
            }
        }
        Optional<RetryRule> rule = anyError ? rules.findForAnyError(s1, s2, matching)
                : rules.find(s1, s2, error, null, matching);
        if (rule.isEmpty()) {
            out.print("No retry information found\n");
        } else {
            out.print("Retry rule: " + rule.get().testText() + "\n");
        }
        out.flush();
        return 0;
    }
}
