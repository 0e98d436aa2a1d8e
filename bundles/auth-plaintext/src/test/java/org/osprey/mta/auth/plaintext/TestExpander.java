package org.osprey.mta.auth.plaintext;

import java.util.HashMap;
import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Enough of Exim's expansion for these tests: {@code $name} (letters, digits and _),
 * <code>${fail}</code> (a forced failure) and <code>${error}</code> (an expansion error).
 * An unknown variable is an error, as in Exim.
 */
final class TestExpander implements Expander {
    private final Map<String, String> variables;

    TestExpander(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    TestExpander() {
        this(Map.of());
    }

    @Override
    public Expander with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(variables);
        all.putAll(more);
        return new TestExpander(all);
    }

    @Override
    public String expand(String template) throws ExpansionException {
        if (template.contains("${fail}")) {
            throw ExpansionException.forcedFailure("\"if\" failed and \"fail\" requested");
        }
        if (template.contains("${error}")) {
            throw ExpansionException.error("unknown lookup type \"error\"");
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '$') {
                int end = i + 1;
                while (end < template.length()
                        && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
                    end++;
                }
                String name = template.substring(i + 1, end);
                String value = variables.get(name);
                if (value == null) {
                    throw ExpansionException.error("unknown variable name \"" + name + "\"");
                }
                out.append(value);
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
