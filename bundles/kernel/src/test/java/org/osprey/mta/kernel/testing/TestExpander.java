package org.osprey.mta.kernel.testing;

import java.util.HashMap;
import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * Enough of Exim's expansion for drivers' unit tests (the kernel's test jar): {@code $name}, <code>${name}</code>,
 * <code>${if def:name{yes}{no}}</code>, <code>${fail}</code> (a forced failure), and
 * backslash escapes ({@code \n}, {@code \r}, {@code \t}), and header variables ({@code $h_subject:}, given as
 * variables named {@code h_subject:}). An unknown variable is an error, as in Exim.
 */
public final class TestExpander implements Expander {
    private final Map<String, String> variables;

    public TestExpander(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    @Override
    public Expander with(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(variables);
        all.putAll(more);
        return new TestExpander(all);
    }

    @Override
    public String expand(String template) throws ExpansionException {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '\\' && i + 1 < template.length()) {
                char e = template.charAt(i + 1);
                out.append(e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t' : e);
                i += 2;
            } else if (c == '$' && template.startsWith("${if def:", i)) {
                int nameStart = i + "${if def:".length();
                int brace = template.indexOf('{', nameStart);
                String name = template.substring(nameStart, brace);
                int yesEnd = matching(template, brace);
                int noEnd = matching(template, yesEnd + 1);
                String yes = template.substring(brace + 1, yesEnd);
                String no = template.substring(yesEnd + 2, noEnd);
                String value = variables.get(name);
                out.append(expand(value != null && !value.isEmpty() ? yes : no));
                i = noEnd + 2;
            } else if (c == '$' && template.startsWith("${fail}", i)) {
                throw ExpansionException.forcedFailure("forced failure");
            } else if (c == '$' && template.startsWith("${", i)) {
                int end = template.indexOf('}', i);
                out.append(variable(template.substring(i + 2, end)));
                i = end + 1;
            } else if (c == '$') {
                int end = i + 1;
                while (end < template.length()
                        && (Character.isLetterOrDigit(template.charAt(end)) || template.charAt(end) == '_')) {
                    end++;
                }
                if (template.startsWith("h_", i + 1) && end < template.length() && template.charAt(end) == ':') {
                    end++;
                }
                out.append(variable(template.substring(i + 1, end)));
                i = end;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private String variable(String name) throws ExpansionException {
        String value = variables.get(name);
        if (value == null) {
            throw ExpansionException.error("unknown variable name \"" + name + "\"");
        }
        return value;
    }

    /** The index of the brace closing the one at {@code open}. */
    private static int matching(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unbalanced braces in " + s);
    }
}
