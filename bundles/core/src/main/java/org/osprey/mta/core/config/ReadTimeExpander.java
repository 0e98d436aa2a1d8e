package org.osprey.mta.core.config;

import java.util.Map;
import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * The expansion the reader can do on its own, for the few options Exim expands while it
 * reads the configuration ({@code spool_directory}, {@code log_file_path},
 * {@code pid_file_path}, {@code localhost_number}, uid and gid lists): backslash escapes,
 * {@code \N...\N}, and the variables known at that time ({@code $primary_hostname},
 * {@code $spool_directory}, {@code $config_dir} ...). Anything else fails with a message
 * saying so; a loader given the full expansion engine uses that instead.
 */
final class ReadTimeExpander implements Expander {
    private final Map<String, String> variables;

    ReadTimeExpander(Map<String, String> variables) {
        this.variables = Map.copyOf(variables);
    }

    @Override
    public String expand(String template) throws ExpansionException {
        StringBuilder out = new StringBuilder();
        int s = 0;
        while (s < template.length()) {
            char c = template.charAt(s);
            if (c == '\\') {
                if (s + 1 >= template.length()) {
                    throw ExpansionException.error("\\ at end of string");
                }
                if (template.charAt(s + 1) == 'N') {
                    int end = template.indexOf("\\N", s + 2);
                    out.append(template, s + 2, end < 0 ? template.length() : end);
                    s = end < 0 ? template.length() : end + 2;
                } else {
                    int[] pos = {s};
                    out.append(QuotedString.escape(template, pos));
                    s = pos[0] + 1;
                }
            } else if (c == '$') {
                s = variable(template, s + 1, out);
            } else {
                out.append(c);
                s++;
            }
        }
        return out.toString();
    }

    private int variable(String template, int s, StringBuilder out) throws ExpansionException {
        boolean braced = AsciiChars.at(template, s) == '{';
        int start = braced ? s + 1 : s;
        int end = start;
        while (AsciiChars.isNameChar(AsciiChars.at(template, end))) {
            end++;
        }
        String name = template.substring(start, end);
        if (name.isEmpty() || !AsciiChars.isAlpha(name.charAt(0)) || braced && AsciiChars.at(template, end) != '}') {
            throw ExpansionException.error("only variables can be expanded while the configuration is read");
        }
        String value = variables.get(name);
        if (value == null) {
            throw ExpansionException.error("unknown variable name \"" + name + "\"");
        }
        out.append(value);
        return braced ? end + 1 : end;
    }

    @Override
    public Expander with(Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(variables);
        all.putAll(more);
        return new ReadTimeExpander(all);
    }
}
