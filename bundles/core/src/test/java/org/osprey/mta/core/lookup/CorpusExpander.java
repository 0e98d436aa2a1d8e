package org.osprey.mta.core.lookup;

import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Just enough of Exim's expansion for the keys of the corpus's wildlsearch files: text,
 * {@code \N...\N} and backslash escapes, and a few whole templates with known outcomes.
 * Anything else with a dollar sign is an error, so a test cannot pass by accident.
 */
final class CorpusExpander implements Expander {
    private static final Map<String, String> KNOWN = Map.of("${if eq{a}{a}{EXP}fail}", "EXP");
    private static final Map<String, ExpansionException> FAILING = Map.of(
            "${if eq{a}{b}{x}fail}", ExpansionException.forcedFailure("forced failure"),
            "${foo}", ExpansionException.error("unknown variable in \"${foo}\""));

    @Override
    public String expand(String template) throws ExpansionException {
        if (KNOWN.containsKey(template)) {
            return KNOWN.get(template);
        }
        if (FAILING.containsKey(template)) {
            throw FAILING.get(template);
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c == '\\' && template.startsWith("\\N", i)) {
                int end = template.indexOf("\\N", i + 2);
                end = end < 0 ? template.length() : end;
                out.append(template, i + 2, end);
                i = end + 1;
            } else if (c == '\\' && i + 1 < template.length()) {
                out.append(template.charAt(++i));
            } else if (c == '$') {
                throw ExpansionException.error("the corpus expander cannot expand \"" + template + "\"");
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public Expander with(Map<String, String> variables) {
        return this;
    }
}
