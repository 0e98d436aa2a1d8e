package org.osprey.mta.core.config;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Runs one corpus command ({@code -bP ...} with {@code -D} and {@code -n}) through the
 * loader and the printer as the launcher will, and gives its output in the corpus's
 * normalised form: the configuration's path as {@code CONFIG}, its directory as
 * {@code CONFDIR}, time stamps as {@code STAMP}, and the values of the options the
 * reference's wrapper sets (exim_user, spool_directory ...) as {@code <scratch>}.
 */
final class CorpusRun {
    /** The main options whose values the reference's wrapper sets; the corpus hides their values. */
    static final Pattern SCRATCH = Pattern.compile(
            "(?m)^(exim_user|exim_group|exim_path|keep_environment|spool_directory|log_file_path|process_log_path)"
                    + " = .*$");
    private static final Pattern STAMP = Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d ");

    private CorpusRun() {
    }

    /** The normalised transcript of one command: "> " stdout lines, "! " stderr lines, "= " exit code. */
    static String run(Path config, String command) {
        List<String> args = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
        Map<String, String> macros = new LinkedHashMap<>();
        boolean noLabels = false;
        boolean listConfig = false;
        int i = 0;
        for (; i < args.size() && args.get(i).startsWith("-"); i++) {
            String arg = args.get(i);
            if (arg.startsWith("-D")) {
                String def = arg.length() > 2 ? arg.substring(2) : args.get(++i);
                int eq = def.indexOf('=');
                macros.put(eq < 0 ? def : def.substring(0, eq), eq < 0 ? "" : def.substring(eq + 1));
            } else if (arg.equals("-n")) {
                noLabels = true;
            } else if (arg.equals("-bP")) {
                listConfig = i + 1 < args.size() && args.get(i + 1).equals("config");
            } else {
                throw new IllegalArgumentException("the corpus runner does not know " + arg);
            }
        }
        List<String> items = args.subList(i, args.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.ISO_8859_1);
        int rc;
        try {
            Configuration c = new ConfigLoader(new CorpusDrivers())
                    .accounts(CorpusAccounts.get())
                    .hostName(() -> "test.example")
                    .load(config, macros);
            OptionPrinter printer = new OptionPrinter(c, outStream, errStream, noLabels, true);
            rc = listConfig ? printer.printConfig() : printer.printOptions(items);
        } catch (ConfigException e) {
            errStream.print(e.report(listConfig ? ConfigException.Style.LOG : ConfigException.Style.DEBUG,
                    "2000-01-01 00:00:00"));
            rc = e.exitCode();
        }
        return transcript(normalise(out, config), normalise(err, config), rc);
    }

    private static String normalise(ByteArrayOutputStream bytes, Path config) {
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        text = text.replace(config.toString(), "CONFIG").replace(config.getParent().toString() + "/", "CONFDIR/");
        text = STAMP.matcher(text).replaceAll("STAMP ");
        return SCRATCH.matcher(text).replaceAll("$1 = <scratch>");
    }

    static String transcript(String out, String err, int rc) {
        StringBuilder t = new StringBuilder();
        lines(t, "> ", out);
        lines(t, "! ", err);
        return t.append("= ").append(rc).append('\n').toString();
    }

    private static void lines(StringBuilder t, String prefix, String text) {
        if (text.isEmpty()) {
            return;
        }
        boolean newlineAtEnd = text.endsWith("\n");
        for (String line : (newlineAtEnd ? text.substring(0, text.length() - 1) : text).split("\n", -1)) {
            t.append(prefix).append(line).append('\n');
        }
        if (!newlineAtEnd) {
            t.append(prefix.charAt(0)).append("\\ no newline at end\n");
        }
    }
}
