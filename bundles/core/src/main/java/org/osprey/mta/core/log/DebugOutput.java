package org.osprey.mta.core.log;

import java.io.PrintStream;
import org.osprey.mta.kernel.expand.ExpansionException;

/**
 * Exim's debug output (the {@code -d} option), process-wide as Exim's debug_selector is.
 * Osprey writes only what a configuration asks for: the expanded {@code debug_print} of
 * each router and transport as it runs, one line each on standard error. This is the
 * output of Exim's {@code -d-all}; Exim's own tracing under plain {@code -d} is not
 * reproduced.
 */
public final class DebugOutput {
    private static volatile PrintStream sink;

    private DebugOutput() {
    }

    /** Starts writing debug output to {@code out}. */
    public static void enable(PrintStream out) {
        sink = out;
    }

    public static void disable() {
        sink = null;
    }

    /** Whether debugging is on: callers expand debug_print only then. */
    public static boolean enabled() {
        return sink != null;
    }

    /**
     * Exim's debug_print_string: {@code template} expanded by {@code expand}; nothing when
     * debugging is off, the template is unset or the result is empty.
     */
    public static void printExpanded(String template, Expansion expand) {
        if (template == null || !enabled()) {
            return;
        }
        try {
            String s = expand.expand(template);
            if (!s.isEmpty()) {
                print(s.endsWith("\n") ? s.substring(0, s.length() - 1) : s);
            }
        } catch (ExpansionException e) {
            print("failed to expand debug_output \"" + template + "\": " + e.getMessage());
        }
    }

    /** An expansion, as the caller has one. */
    @FunctionalInterface
    public interface Expansion {
        String expand(String template) throws ExpansionException;
    }

    public static void print(String text) {
        PrintStream out = sink;
        if (out != null) {
            out.println(text);
            out.flush();
        }
    }
}
