package org.osprey.mta.core.bounce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.osprey.mta.kernel.expand.ExpansionException;
import org.osprey.mta.kernel.expand.Expander;

/**
 * A {@code bounce_message_file} or {@code warn_message_file}: sections separated by lines
 * that are exactly {@code ****}, each expanded when it is taken. For a bounce the sections are
 * the headers (Subject and any others), the introduction, the text before any transport
 * output, and the text before the returned copy (read but not used, as in Exim 4.96); for a
 * warning: the headers, the introduction and the final text. A missing file, a section
 * missing or empty, or one that fails to expand, gives the built-in text instead, as in Exim.
 * It never throws for a bad file: a bounce is sent with the default texts.
 */
final class TemplateFile {

    private final List<String> sections;
    private final Expander expander;
    private int next;

    private TemplateFile(List<String> sections, Expander expander) {
        this.sections = sections;
        this.expander = expander;
    }

    /** No template: every section gives the built-in text. */
    static TemplateFile none() {
        return new TemplateFile(List.of(), null);
    }

    /**
     * The template file the option names: the option is expanded, then the file read. A
     * failure of either gives {@link #none()}.
     */
    static TemplateFile open(String option, Expander expander) {
        if (option == null || option.isEmpty()) {
            return none();
        }
        try {
            String name = expander.expand(option);
            byte[] bytes = Files.readAllBytes(Path.of(name));
            return parse(new String(bytes, StandardCharsets.ISO_8859_1), expander);
        } catch (ExpansionException | IOException | RuntimeException e) {
            return none();
        }
    }

    /** A template from its text. */
    static TemplateFile parse(String text, Expander expander) {
        List<String> out = new ArrayList<>();
        StringBuilder section = new StringBuilder();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            String line = nl < 0 ? text.substring(start) : text.substring(start, nl + 1);
            start = nl < 0 ? text.length() : nl + 1;
            if (line.equals("****\n")) {
                out.add(section.toString());
                section.setLength(0);
            } else {
                section.append(line);
            }
        }
        out.add(section.toString());
        return new TemplateFile(out, expander);
    }

    /** The next section expanded, or null for the built-in text. */
    String next() {
        if (next >= sections.size()) {
            return null;
        }
        String raw = sections.get(next++);
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return expander.expand(raw);
        } catch (ExpansionException | RuntimeException e) {
            return null;
        }
    }

    boolean present() {
        return !sections.isEmpty();
    }
}
